using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Protocol;

/// <summary>Finds one line in buffered input without looking further than the line limit (Kestrel style).</summary>
internal static class LineFramer
{
    /// <summary>
    /// Looks for LF within the first <paramref name="maxLength"/> octets. <paramref name="line"/> then holds the
    /// line including its LF.
    /// </summary>
    public static LineFrame TryFrame(in ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> line)
    {
        var window = buffer.Length > maxLength ? buffer.Slice(0, maxLength) : buffer;
        var lineFeed = window.PositionOf(SmtpCharacters.LineFeed);
        if (lineFeed is { } position)
        {
            line = buffer.Slice(0, buffer.GetPosition(1, position));
            return LineFrame.Complete;
        }

        line = default;
        return buffer.Length >= maxLength ? LineFrame.TooLong : LineFrame.Incomplete;
    }

    /// <summary>Checks the line end of a framed line (LF included) and returns its content.</summary>
    public static InputLine Classify(ReadOnlyMemory<byte> lineWithLineFeed, BareLineEndingPolicy policy)
    {
        var span = lineWithLineFeed.Span;
        var endsWithCrlf = span.Length >= 2 && span[^2] == SmtpCharacters.CarriageReturn;
        var content = lineWithLineFeed[..^(endsWithCrlf ? 2 : 1)];
        if (content.Span.Contains(SmtpCharacters.CarriageReturn))
        {
            return InputLine.BareLineEnding;
        }

        if (!endsWithCrlf && policy == BareLineEndingPolicy.Reject)
        {
            return InputLine.BareLineEnding;
        }

        return new InputLine(InputLineStatus.Complete, content);
    }
}

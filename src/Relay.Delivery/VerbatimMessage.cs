using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// Wraps the received bytes in a <see cref="MimeMessage"/> that MailKit transmits unchanged: the first line
/// becomes a <see cref="VerbatimHeader"/>, the CRLF that ends it is the one MimeKit writes after the headers,
/// and everything after it is written by a <see cref="VerbatimBody"/>. MailKit adds only the dot-stuffing,
/// a CRLF when the content lacks a final one, and the terminating ".".
/// </summary>
internal sealed class VerbatimMessage : IDisposable
{
    /// <summary>A first line longer than this is not a header field a next hop would accept anyway.</summary>
    internal const int MaxFirstLineLength = 64 * 1024;

    private VerbatimMessage(MimeMessage message, long size)
    {
        Message = message;
        Size = size;
    }

    public MimeMessage Message { get; }

    /// <summary>The number of octets transmitted before dot-stuffing, as announced in SIZE=.</summary>
    public long Size { get; }

    /// <summary>Builds the message, or explains why these bytes cannot be relayed unchanged.</summary>
    public static async Task<(VerbatimMessage? Message, string? Problem)> CreateAsync(
        Stream content, bool eightBit, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var buffer = new byte[(int)Math.Min(content.Length, MaxFirstLineLength + 2)];
        var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var (header, bodyOffset, problem) = SplitFirstLine(buffer.AsSpan(0, read), read == content.Length);
        if (problem is not null)
        {
            return (null, problem);
        }

        var size = content.Length + (await EndsWithCrlfAsync(content, cancellationToken) ? 0 : 2);
        IEnumerable<Header> headers = header is null ? [] : [header];
        var message = new MimeMessage(headers) { Body = new VerbatimBody(content, bodyOffset, eightBit) };
        return (new VerbatimMessage(message, size), null);
    }

    public void Dispose() => Message.Dispose();

    private static (Header? Header, long BodyOffset, string? Problem) SplitFirstLine(ReadOnlySpan<byte> start, bool wholeContent)
    {
        if (start.IsEmpty)
        {
            return (null, 0, null);
        }

        if (start.StartsWith("\r\n"u8))
        {
            return (null, 2, null);
        }

        ReadOnlySpan<byte> line;
        long bodyOffset;
        var lineFeed = start.IndexOf((byte)'\n');
        if (lineFeed >= 0)
        {
            if (lineFeed == 0 || start[lineFeed - 1] != '\r')
            {
                return (null, 0, "the first line ends in a bare LF");
            }

            line = start[..(lineFeed - 1)];
            bodyOffset = lineFeed + 1;
        }
        else if (wholeContent)
        {
            line = start;
            bodyOffset = start.Length;
        }
        else
        {
            return (null, 0, $"the first line is longer than {MaxFirstLineLength} octets");
        }

        if (line.Contains((byte)'\r'))
        {
            return (null, 0, "the first line contains a bare CR");
        }

        var colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            return (null, 0, "the first line is not a header field");
        }

        return (new VerbatimHeader(line[..colon].ToArray(), line[(colon + 1)..].ToArray()), bodyOffset, null);
    }

    private static async Task<bool> EndsWithCrlfAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content.Length < 2)
        {
            return false;
        }

        var tail = new byte[2];
        content.Position = content.Length - 2;
        await content.ReadExactlyAsync(tail, cancellationToken);
        return tail[0] == '\r' && tail[1] == '\n';
    }
}

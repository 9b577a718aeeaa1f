using System.Buffers;
using Relay.Smtp.Grammar;

namespace Relay.Smtp.Protocol;

/// <summary>
/// Turns received octets into message content, one buffer at a time: removes dot-stuffing, finds the end of
/// data, and enforces the line-ending, line-length and size limits, and the ban on NUL, while reading.
/// </summary>
/// <remarks>
/// Only CRLF "." CRLF ends DATA: the dot must follow a real CRLF (or the start of the data) and be followed by a
/// real CRLF, so <c>\n.\n</c>, <c>\r.\r</c>, <c>\n.\r\n</c> and <c>\r\n.\n</c> never end it (SMTP smuggling).
/// After the first violation nothing more is emitted, but input is still consumed up to the terminator so
/// the session stays in step.
/// </remarks>
internal sealed class MessageContentDecoder
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private readonly ContentFraming _framing;
    private readonly BareLineEndingPolicy _policy;
    private readonly int _maxLineLength;
    private readonly long _maxSize;
    private State _state = State.LineStart;

    // True when the current line began after a real CRLF or at the start of the data; only such a line can end DATA.
    private bool _lineStartedAfterCrlf = true;
    private long _lineLength;

    public MessageContentDecoder(ContentFraming framing, BareLineEndingPolicy policy, int maxLineLength, long maxSize)
    {
        _framing = framing;
        _policy = policy;
        _maxLineLength = maxLineLength;
        _maxSize = maxSize;
    }

    private enum State
    {
        LineStart,
        AfterLeadingDot,
        AfterLeadingDotCr,
        InLine,
        AfterCr,
        Ended,
    }

    public ContentViolations Violations { get; private set; }

    /// <summary>Octets of content produced so far (counted until the first violation).</summary>
    public long ContentLength { get; private set; }

    /// <summary>
    /// Decodes <paramref name="input"/>, writing content to <paramref name="output"/>. Returns true when the
    /// end-of-data line was found (DATA only); <paramref name="consumed"/> is then just past it, otherwise the end of
    /// the input, which is always consumed in full.
    /// </summary>
    public bool Decode(in ReadOnlySequence<byte> input, IBufferWriter<byte> output, out SequencePosition consumed)
    {
        long offset = 0;
        foreach (var memory in input)
        {
            var index = _framing == ContentFraming.Binary ? CopyBinary(memory.Span, output) : DecodeSpan(memory.Span, output);
            if (_state == State.Ended)
            {
                consumed = input.GetPosition(offset + index);
                return true;
            }

            offset += memory.Length;
        }

        consumed = input.End;
        return false;
    }

    /// <summary>Ends chunked content (BDAT LAST): a trailing CR is bare, and a last line without CRLF gets one.</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        if (_framing == ContentFraming.Binary)
        {
            return;
        }

        if (_state == State.AfterCr)
        {
            Violations |= ContentViolations.BareLineEnding;
        }
        else if (_state == State.InLine)
        {
            // The CRLF added here is part of the line the handler gets, so it counts toward the line length.
            CountLineOctets(Crlf.Length);
            Emit(Crlf, output);
        }

        _state = State.Ended;
    }

    private int CopyBinary(ReadOnlySpan<byte> span, IBufferWriter<byte> output)
    {
        Emit(span, output);
        return span.Length;
    }

    // Returns how many octets of span were consumed: all of them, unless the end-of-data line ends inside it.
    private int DecodeSpan(ReadOnlySpan<byte> span, IBufferWriter<byte> output)
    {
        var i = 0;
        while (i < span.Length)
        {
            var b = span[i];
            switch (_state)
            {
                case State.LineStart:
                    if (_framing == ContentFraming.DotStuffed && b == (byte)'.')
                    {
                        CountLineOctets(1);
                        _state = State.AfterLeadingDot;
                        i++;
                    }
                    else
                    {
                        _state = State.InLine;
                    }

                    break;

                case State.AfterLeadingDot:
                    if (b == SmtpCharacters.CarriageReturn)
                    {
                        CountLineOctets(1);
                        _state = State.AfterLeadingDotCr;
                        i++;
                    }
                    else if (b == SmtpCharacters.LineFeed)
                    {
                        // ".\n" is never the end of data; under Normalize it is a stuffed empty line.
                        CountLineOctets(1);
                        i++;
                        BareLineFeed(output);
                    }
                    else
                    {
                        // A stuffed line: the leading dot goes, the rest of the line stays.
                        _state = State.InLine;
                    }

                    break;

                case State.AfterLeadingDotCr:
                    if (b == SmtpCharacters.LineFeed && _lineStartedAfterCrlf)
                    {
                        _state = State.Ended;
                        return i + 1;
                    }

                    if (b == SmtpCharacters.LineFeed)
                    {
                        // ".\r\n" after a normalised bare LF: a stuffed empty line, not the end of data.
                        CountLineOctets(1);
                        i++;
                        Emit(Crlf, output);
                        StartLine(afterCrlf: true);
                    }
                    else
                    {
                        BareCarriageReturn();
                    }

                    break;

                case State.InLine:
                    i += CopyLineText(span[i..], output);
                    break;

                case State.AfterCr:
                    if (b == SmtpCharacters.LineFeed)
                    {
                        CountLineOctets(1);
                        i++;
                        Emit(Crlf, output);
                        StartLine(afterCrlf: true);
                    }
                    else
                    {
                        BareCarriageReturn();
                    }

                    break;

                default:
                    throw new InvalidOperationException("The content has already ended.");
            }
        }

        return i;
    }

    // Copies text up to the next CR, LF or NUL and consumes that octet too.
    private int CopyLineText(ReadOnlySpan<byte> span, IBufferWriter<byte> output)
    {
        var end = span.IndexOfAny(SmtpCharacters.CarriageReturn, SmtpCharacters.LineFeed, SmtpCharacters.Nul);
        var text = end < 0 ? span : span[..end];
        CountLineOctets(text.Length);
        Emit(text, output);
        if (end < 0)
        {
            return span.Length;
        }

        CountLineOctets(1);
        if (span[end] == SmtpCharacters.Nul)
        {
            Violations |= ContentViolations.Nul;
        }
        else if (span[end] == SmtpCharacters.CarriageReturn)
        {
            _state = State.AfterCr;
        }
        else
        {
            BareLineFeed(output);
        }

        return end + 1;
    }

    private void BareLineFeed(IBufferWriter<byte> output)
    {
        if (_policy == BareLineEndingPolicy.Normalize)
        {
            Emit(Crlf, output);
        }
        else
        {
            Violations |= ContentViolations.BareLineEnding;
        }

        // The next line did not start after a real CRLF, so it can never end DATA.
        StartLine(afterCrlf: false);
    }

    // The octet after the CR is looked at again in the InLine state.
    private void BareCarriageReturn()
    {
        Violations |= ContentViolations.BareLineEnding;
        _state = State.InLine;
    }

    private void StartLine(bool afterCrlf)
    {
        _state = State.LineStart;
        _lineStartedAfterCrlf = afterCrlf;
        _lineLength = 0;
    }

    private void CountLineOctets(int count)
    {
        _lineLength += count;
        if (_lineLength > _maxLineLength)
        {
            Violations |= ContentViolations.LineTooLong;
        }
    }

    private void Emit(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        if (Violations != ContentViolations.None || content.IsEmpty)
        {
            return;
        }

        if (ContentLength + content.Length > _maxSize)
        {
            Violations |= ContentViolations.TooLarge;
            return;
        }

        output.Write(content);
        ContentLength += content.Length;
    }
}

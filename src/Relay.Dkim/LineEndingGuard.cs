namespace Relay.Dkim;

/// <summary>
/// Rejects a CR that is not followed by LF and an LF that is not preceded by CR, across
/// chunk boundaries. MimeKit's canonicaliser would hash a bare LF as CRLF, and verifiers
/// disagree about bare CR, so such bytes could not go out exactly as signed.
/// </summary>
internal sealed class LineEndingGuard
{
    private long _offset;
    private bool _previousWasCr;

    public LineEndingGuard(long startOffset)
    {
        _offset = startOffset;
    }

    public void Check(ReadOnlySpan<byte> chunk)
    {
        var index = 0;
        while (index < chunk.Length)
        {
            if (_previousWasCr)
            {
                if (chunk[index] != (byte)'\n')
                {
                    throw Bare("CR", _offset + index - 1);
                }

                _previousWasCr = false;
                index++;
                continue;
            }

            var next = chunk[index..].IndexOfAny((byte)'\r', (byte)'\n');
            if (next < 0)
            {
                break;
            }

            index += next;
            if (chunk[index] == (byte)'\n')
            {
                throw Bare("LF", _offset + index);
            }

            _previousWasCr = true;
            index++;
        }

        _offset += chunk.Length;
    }

    public void Complete()
    {
        if (_previousWasCr)
        {
            throw Bare("CR", _offset - 1);
        }
    }

    private static DkimMessageFormatException Bare(string what, long offset) =>
        new($"The message has a bare {what} at byte {offset}; Relay signs only messages whose lines all end in CRLF.");
}

using Relay.Api.Errors;

namespace Relay.Api.Sending;

/// <summary>
/// The line-end rule of API messages, chunk by chunk so a message on disk never has to be in memory: CRLF and bare
/// LF are written as CRLF, a bare CR is refused (also when a chunk ends between the CR and its LF).
/// </summary>
internal sealed class LineEndNormalizer
{
    private bool _pendingCarriageReturn;

    /// <summary>Octets read so far.</summary>
    public long InputLength { get; private set; }

    /// <summary>True once an octet above 0x7F has been seen.</summary>
    public bool SawEightBit { get; private set; }

    /// <summary>The most output one input chunk can produce: every octet a bare LF.</summary>
    public static int MaxOutputLength(int inputLength) => inputLength * 2;

    /// <summary>Converts <paramref name="input"/> into <paramref name="output"/> (at least <see cref="MaxOutputLength"/> long); returns the octets written.</summary>
    public int Convert(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = 0;
        foreach (var octet in input)
        {
            if (_pendingCarriageReturn)
            {
                _pendingCarriageReturn = false;
                if (octet != '\n')
                {
                    throw BareCarriageReturn();
                }

                output[written++] = (byte)'\r';
                output[written++] = (byte)'\n';
                continue;
            }

            switch (octet)
            {
                case (byte)'\r':
                    _pendingCarriageReturn = true;
                    break;
                case (byte)'\n':
                    output[written++] = (byte)'\r';
                    output[written++] = (byte)'\n';
                    break;
                default:
                    SawEightBit |= octet > 0x7F;
                    output[written++] = octet;
                    break;
            }
        }

        InputLength += input.Length;
        return written;
    }

    /// <summary>At the end of the message: refuses a trailing bare CR and an empty message.</summary>
    public void Complete()
    {
        if (_pendingCarriageReturn)
        {
            throw BareCarriageReturn();
        }

        if (InputLength == 0)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("RawMessage.Data must not be empty."));
        }
    }

    private static ApiException BareCarriageReturn() =>
        new(SesErrors.InvalidParameterValue("The message holds a carriage return that does not end a line."));
}

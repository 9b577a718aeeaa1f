using System.Buffers;
using System.Security.Cryptography;

namespace Relay.Dkim;

/// <summary>
/// RFC 6376 section 3.4.2, "relaxed" header canonicalisation, over a field's raw bytes: the name in lower case with
/// the white space before the colon deleted; the value unfolded (every CR and LF removed), each run of SP and HTAB
/// made one SP, and the white space at its start and end deleted. Other octets, 8-bit ones included, are hashed as
/// they are.
/// </summary>
internal static class RelaxedHeaderCanonicalization
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Appends the canonical form of <paramref name="field"/> to <paramref name="hash"/>, with CRLF when <paramref name="terminate"/>.</summary>
    public static void Append(IncrementalHash hash, ReadOnlySpan<byte> field, bool terminate)
    {
        var colon = field.IndexOf((byte)':');
        if (colon < 0)
        {
            throw new DkimMessageFormatException("A header field to sign has no colon.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(field.Length + Crlf.Length);
        try
        {
            var length = WriteName(field[..colon], buffer);
            buffer[length++] = (byte)':';
            length += WriteValue(field[(colon + 1)..], buffer.AsSpan(length));
            if (terminate)
            {
                Crlf.CopyTo(buffer.AsSpan(length));
                length += Crlf.Length;
            }

            hash.AppendData(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WriteName(ReadOnlySpan<byte> name, Span<byte> output)
    {
        var trimmed = name.TrimEnd(" \t"u8);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var b = trimmed[i];
            output[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + ('a' - 'A')) : b;
        }

        return trimmed.Length;
    }

    private static int WriteValue(ReadOnlySpan<byte> value, Span<byte> output)
    {
        var length = 0;
        var started = false;
        var pendingSpace = false;
        foreach (var b in value)
        {
            switch (b)
            {
                case (byte)'\r' or (byte)'\n':
                    break;
                case (byte)' ' or (byte)'\t':
                    pendingSpace = started;
                    break;
                default:
                    if (pendingSpace)
                    {
                        output[length++] = (byte)' ';
                        pendingSpace = false;
                    }

                    output[length++] = b;
                    started = true;
                    break;
            }
        }

        return length;
    }
}

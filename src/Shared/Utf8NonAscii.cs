using System.Buffers;
using System.Text;

namespace Relay;

/// <summary>
/// UTF8-non-ascii (RFC 6532 3.1), read the same way by the SMTP grammar and the message-header grammar: one source
/// file linked into both libraries, which do not reference each other.
/// </summary>
internal static class Utf8NonAscii
{
    /// <summary>Reads one well-formed UTF-8 sequence for a code point above U+007F; false (nothing read) otherwise.</summary>
    public static bool TryRead(ref SequenceReader<byte> reader)
    {
        if (!reader.TryPeek(out var first) || first < 0x80)
        {
            return false;
        }

        Span<byte> window = stackalloc byte[4];
        var length = (int)Math.Min(4, reader.Remaining);
        if (!reader.TryCopyTo(window[..length]))
        {
            return false;
        }

        if (Rune.DecodeFromUtf8(window[..length], out var rune, out var consumed) != OperationStatus.Done || rune.Value < 0x80)
        {
            return false;
        }

        reader.Advance(consumed);
        return true;
    }
}

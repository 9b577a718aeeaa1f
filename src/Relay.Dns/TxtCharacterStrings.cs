using System.Text;

namespace Relay.Dns;

/// <summary>
/// Splits a TXT value into RFC 1035 character-strings of at most 255 octets; DKIM verifiers join them again
/// (RFC 6376 3.6.2.2). ARSoft.Tools.Net would silently cut a longer string at 255 octets, so the split happens here.
/// </summary>
internal static class TxtCharacterStrings
{
    /// <summary>The most octets one character-string can hold (its length is one octet).</summary>
    public const int MaxLength = 255;

    /// <summary>Splits <paramref name="value"/> into pieces of at most <see cref="MaxLength"/> octets, in order.</summary>
    /// <exception cref="ArgumentException">The value is not printable ASCII.</exception>
    public static IReadOnlyList<string> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsPrintableAscii(value))
        {
            throw new ArgumentException("A TXT value must be printable ASCII.", nameof(value));
        }

        if (value.Length == 0)
        {
            return [string.Empty];
        }

        var pieces = new List<string>((value.Length + MaxLength - 1) / MaxLength);
        for (var start = 0; start < value.Length; start += MaxLength)
        {
            pieces.Add(value.Substring(start, Math.Min(MaxLength, value.Length - start)));
        }

        return pieces;
    }

    /// <summary>
    /// True when every character is printable ASCII (space to tilde), so that one character is one octet
    /// on the wire and the value reads the same in a zone file.
    /// </summary>
    public static bool IsPrintableAscii(string value) => value.All(c => c is >= ' ' and <= '~');

    /// <summary>One character-string as zone-file text: quoted, with <c>"</c> and <c>\</c> escaped.</summary>
    public static string Quote(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        var text = new StringBuilder(piece.Length + 2).Append('"');
        foreach (var c in piece)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }
}

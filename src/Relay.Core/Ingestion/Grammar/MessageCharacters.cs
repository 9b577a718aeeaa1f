using System.Buffers;

namespace Relay.Core.Ingestion.Grammar;

/// <summary>
/// The character classes of RFC 5322 section 3.2 over octets, with RFC 6532's UTF8-non-ascii added to atext,
/// qtext and ctext. Input is unfolded first, so white space is only ever WSP.
/// </summary>
internal static class MessageCharacters
{
    public static bool IsWsp(byte b) => b is (byte)' ' or (byte)'\t';

    // VCHAR = %x21-7E
    public static bool IsVchar(byte b) => b is >= 0x21 and <= 0x7E;

    // atext = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" / "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~"
    public static bool IsAtext(byte b) => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
        or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
        or (byte)'-' or (byte)'/' or (byte)'=' or (byte)'?' or (byte)'^' or (byte)'_' or (byte)'`'
        or (byte)'{' or (byte)'|' or (byte)'}' or (byte)'~';

    // qtext = %d33 / %d35-91 / %d93-126 (obs-qtext, the control characters, is not accepted)
    public static bool IsQtext(byte b) => b is 33 or (>= 35 and <= 91) or (>= 93 and <= 126);

    // ctext = %d33-39 / %d42-91 / %d93-126 (obs-ctext is not accepted)
    public static bool IsCtext(byte b) => b is (>= 33 and <= 39) or (>= 42 and <= 91) or (>= 93 and <= 126);

    /// <summary>UTF8-non-ascii (RFC 6532 3.1): one well-formed UTF-8 sequence for a code point above U+007F.</summary>
    public static bool TryReadUtf8NonAscii(ref SequenceReader<byte> reader) => Utf8NonAscii.TryRead(ref reader);
}

using System.Buffers;
using System.Text;

namespace Relay.Smtp.Grammar;

/// <summary>The character classes of RFC 5321 section 4.1.2 and RFC 5322 atext, over octets.</summary>
internal static class SmtpCharacters
{
    public const byte Space = (byte)' ';
    public const byte CarriageReturn = (byte)'\r';
    public const byte LineFeed = (byte)'\n';
    public const byte Nul = 0;

    public static bool IsAlpha(byte b) => b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z';

    public static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    // Let-dig = ALPHA / DIGIT
    public static bool IsLetDig(byte b) => IsAlpha(b) || IsDigit(b);

    // atext (RFC 5322 3.2.3)
    public static bool IsAtext(byte b) => IsLetDig(b) || b switch
    {
        (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
            or (byte)'-' or (byte)'/' or (byte)'=' or (byte)'?' or (byte)'^' or (byte)'_' or (byte)'`'
            or (byte)'{' or (byte)'|' or (byte)'}' or (byte)'~' => true,
        _ => false,
    };

    // qtextSMTP = %d32-33 / %d35-91 / %d93-126
    public static bool IsQtextSmtp(byte b) => b is 32 or 33 or (>= 35 and <= 91) or (>= 93 and <= 126);

    // dcontent = %d33-90 / %d94-126
    public static bool IsDcontent(byte b) => b is (>= 33 and <= 90) or (>= 94 and <= 126);

    // esmtp-value characters: %d33-60 / %d62-126
    public static bool IsEsmtpValueChar(byte b) => b is (>= 33 and <= 60) or (>= 62 and <= 126);

    /// <summary>UTF8-non-ascii (RFC 6532 3.1): one well-formed UTF-8 sequence for a code point above U+007F.</summary>
    public static bool TryReadUtf8NonAscii(ref SequenceReader<byte> reader) => Utf8NonAscii.TryRead(ref reader);

    /// <summary>Consumes <paramref name="literal"/> ignoring ASCII case, or consumes nothing.</summary>
    public static bool TryReadIgnoreCase(ref SequenceReader<byte> reader, ReadOnlySpan<byte> literal)
    {
        var start = reader;
        foreach (var expected in literal)
        {
            if (!reader.TryRead(out var actual) || ToUpper(actual) != ToUpper(expected))
            {
                reader = start;
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="octets"/> spell <paramref name="ascii"/>, ignoring ASCII case.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> octets, string ascii) => Ascii.EqualsIgnoreCase(octets, ascii);

    public static int SkipSpaces(ref SequenceReader<byte> reader) => (int)reader.AdvancePast(Space);

    public static string Text(in SequenceReader<byte> reader, SequencePosition start) =>
        Encoding.UTF8.GetString(reader.Sequence.Slice(start, reader.Position));

    public static bool IsAscii(string value) => Ascii.IsValid(value);

    private static byte ToUpper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
}

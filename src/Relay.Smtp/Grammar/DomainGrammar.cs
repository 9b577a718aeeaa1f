using System.Buffers;
using System.Net;
using System.Net.Sockets;
using static Relay.Smtp.Grammar.SmtpCharacters;

namespace Relay.Smtp.Grammar;

/// <summary>RFC 5321 4.1.2/4.1.3 productions for domains and address literals. On failure nothing is consumed.</summary>
internal static class DomainGrammar
{
    private const int MaxDomainLength = 255;
    private const int MaxLabelLength = 63;

    /// <summary>Domain = sub-domain *("." sub-domain); with <paramref name="allowUtf8"/>, labels may hold U-labels (RFC 6531).</summary>
    public static bool TryParseDomain(ref SequenceReader<byte> reader, bool allowUtf8, out string domain)
    {
        var start = reader;
        domain = string.Empty;
        if (!TryParseSubDomain(ref reader, allowUtf8))
        {
            return false;
        }

        while (true)
        {
            var beforeDot = reader;
            if (!reader.IsNext((byte)'.', advancePast: true))
            {
                break;
            }

            if (!TryParseSubDomain(ref reader, allowUtf8))
            {
                // The dot belongs to whatever follows, which the caller will reject.
                reader = beforeDot;
                break;
            }
        }

        if (reader.Consumed - start.Consumed > MaxDomainLength)
        {
            reader = start;
            return false;
        }

        domain = Text(reader, start.Position);
        return true;
    }

    /// <summary>sub-domain = Let-dig [Ldh-str]; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig. At most 63 octets.</summary>
    public static bool TryParseSubDomain(ref SequenceReader<byte> reader, bool allowUtf8)
    {
        var start = reader;
        var lastWasHyphen = false;
        var length = 0L;
        while (reader.TryPeek(out var b))
        {
            if (IsLetDig(b))
            {
                reader.Advance(1);
                lastWasHyphen = false;
            }
            else if (b == (byte)'-' && length > 0)
            {
                reader.Advance(1);
                lastWasHyphen = true;
            }
            else if (allowUtf8 && TryReadUtf8NonAscii(ref reader))
            {
                lastWasHyphen = false;
            }
            else
            {
                break;
            }

            length = reader.Consumed - start.Consumed;
        }

        if (length == 0 || lastWasHyphen || length > MaxLabelLength)
        {
            reader = start;
            return false;
        }

        return true;
    }

    /// <summary>
    /// address-literal = "[" ( IPv4-address-literal / IPv6-address-literal / General-address-literal ) "]".
    /// The literal is returned with its brackets.
    /// </summary>
    public static bool TryParseAddressLiteral(ref SequenceReader<byte> reader, out string literal)
    {
        var start = reader;
        literal = string.Empty;
        if (!reader.IsNext((byte)'[', advancePast: true))
        {
            return false;
        }

        var parsed = TryParseIPv4AddressLiteral(ref reader)
            || TryParseIPv6AddressLiteral(ref reader)
            || TryParseGeneralAddressLiteral(ref reader);
        if (!parsed || !reader.IsNext((byte)']', advancePast: true))
        {
            reader = start;
            return false;
        }

        literal = Text(reader, start.Position);
        return true;
    }

    /// <summary>IPv4-address-literal = Snum 3("." Snum); Snum = 1*3DIGIT representing 0-255.</summary>
    public static bool TryParseIPv4AddressLiteral(ref SequenceReader<byte> reader)
    {
        var start = reader;
        for (var i = 0; i < 4; i++)
        {
            if (i > 0 && !reader.IsNext((byte)'.', advancePast: true))
            {
                reader = start;
                return false;
            }

            if (!TryParseSnum(ref reader))
            {
                reader = start;
                return false;
            }
        }

        // "1.2.3.4x" is not an IPv4 literal; let the general literal try.
        if (reader.TryPeek(out var next) && next != (byte)']')
        {
            reader = start;
            return false;
        }

        return true;
    }

    /// <summary>
    /// IPv6-address-literal = "IPv6:" IPv6-addr. The IPv6-addr alternatives (full, compressed, with an IPv4 tail)
    /// are collected by character class and checked with the platform's IPv6 parser.
    /// </summary>
    public static bool TryParseIPv6AddressLiteral(ref SequenceReader<byte> reader)
    {
        var start = reader;
        if (!TryReadIgnoreCase(ref reader, "IPv6:"u8))
        {
            return false;
        }

        var addressStart = reader.Position;
        while (reader.TryPeek(out var b) && (Uri.IsHexDigit((char)b) || b == (byte)':' || b == (byte)'.'))
        {
            reader.Advance(1);
        }

        var text = Text(reader, addressStart);
        var valid = text.Length > 0
            && !text.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(text, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6;
        if (!valid)
        {
            reader = start;
            return false;
        }

        return true;
    }

    /// <summary>
    /// General-address-literal = Standardized-tag ":" 1*dcontent; Standardized-tag = Ldh-str. The "IPv6" tag is
    /// not general: its content must be an IPv6 address.
    /// </summary>
    public static bool TryParseGeneralAddressLiteral(ref SequenceReader<byte> reader)
    {
        var start = reader;
        if (!TryParseSubDomain(ref reader, allowUtf8: false)
            || EqualsIgnoreCase(reader.Sequence.Slice(start.Position, reader.Position).ToArray(), "IPv6")
            || !reader.IsNext((byte)':', advancePast: true))
        {
            reader = start;
            return false;
        }

        var contentStart = reader.Consumed;
        while (reader.TryPeek(out var b) && IsDcontent(b))
        {
            reader.Advance(1);
        }

        if (reader.Consumed == contentStart)
        {
            reader = start;
            return false;
        }

        return true;
    }

    private static bool TryParseSnum(ref SequenceReader<byte> reader)
    {
        var start = reader;
        var value = 0;
        var digits = 0;
        while (digits < 3 && reader.TryPeek(out var b) && IsDigit(b))
        {
            value = (value * 10) + (b - '0');
            digits++;
            reader.Advance(1);
        }

        if (digits == 0 || value > 255 || (reader.TryPeek(out var extra) && IsDigit(extra)))
        {
            reader = start;
            return false;
        }

        return true;
    }
}

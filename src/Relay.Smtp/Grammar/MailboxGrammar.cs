using System.Buffers;
using static Relay.Smtp.Grammar.SmtpCharacters;

namespace Relay.Smtp.Grammar;

/// <summary>
/// RFC 5321 4.1.2 mailbox productions, with the RFC 6531 UTF-8 extensions when <c>allowUtf8</c> is set.
/// Results are the octets exactly as given, decoded as UTF-8. On failure nothing is consumed.
/// </summary>
internal static class MailboxGrammar
{
    /// <summary>Mailbox = Local-part "@" ( Domain / address-literal ).</summary>
    public static bool TryParseMailbox(ref SequenceReader<byte> reader, bool allowUtf8, out string mailbox)
    {
        var start = reader;
        mailbox = string.Empty;
        var parsed = TryParseLocalPart(ref reader, allowUtf8, out _)
            && reader.IsNext((byte)'@', advancePast: true)
            && (DomainGrammar.TryParseDomain(ref reader, allowUtf8, out _)
                || DomainGrammar.TryParseAddressLiteral(ref reader, out _));
        if (!parsed)
        {
            reader = start;
            return false;
        }

        mailbox = Text(reader, start.Position);
        return true;
    }

    /// <summary>Local-part = Dot-string / Quoted-string.</summary>
    public static bool TryParseLocalPart(ref SequenceReader<byte> reader, bool allowUtf8, out string localPart)
    {
        var start = reader;
        localPart = string.Empty;
        if (!TryParseDotString(ref reader, allowUtf8) && !TryParseQuotedString(ref reader, allowUtf8))
        {
            return false;
        }

        localPart = Text(reader, start.Position);
        return true;
    }

    /// <summary>Dot-string = Atom *("." Atom).</summary>
    public static bool TryParseDotString(ref SequenceReader<byte> reader, bool allowUtf8)
    {
        if (!TryParseAtom(ref reader, allowUtf8))
        {
            return false;
        }

        while (true)
        {
            var beforeDot = reader;
            if (!reader.IsNext((byte)'.', advancePast: true))
            {
                return true;
            }

            if (!TryParseAtom(ref reader, allowUtf8))
            {
                reader = beforeDot;
                return true;
            }
        }
    }

    /// <summary>Atom = 1*atext (RFC 6531: atext =/ UTF8-non-ascii).</summary>
    public static bool TryParseAtom(ref SequenceReader<byte> reader, bool allowUtf8)
    {
        var start = reader.Consumed;
        while (reader.TryPeek(out var b))
        {
            if (IsAtext(b))
            {
                reader.Advance(1);
            }
            else if (!(allowUtf8 && TryReadUtf8NonAscii(ref reader)))
            {
                break;
            }
        }

        return reader.Consumed > start;
    }

    /// <summary>
    /// Quoted-string = DQUOTE *QcontentSMTP DQUOTE; QcontentSMTP = qtextSMTP / quoted-pairSMTP;
    /// quoted-pairSMTP = %d92 %d32-126 (RFC 6531: qtextSMTP =/ UTF8-non-ascii).
    /// </summary>
    public static bool TryParseQuotedString(ref SequenceReader<byte> reader, bool allowUtf8)
    {
        var start = reader;
        if (!reader.IsNext((byte)'"', advancePast: true))
        {
            return false;
        }

        while (reader.TryPeek(out var b))
        {
            if (b == (byte)'"')
            {
                reader.Advance(1);
                return true;
            }

            if (b == (byte)'\\')
            {
                reader.Advance(1);
                if (!reader.TryRead(out var escaped) || escaped is < 32 or > 126)
                {
                    break;
                }
            }
            else if (IsQtextSmtp(b))
            {
                reader.Advance(1);
            }
            else if (!(allowUtf8 && TryReadUtf8NonAscii(ref reader)))
            {
                break;
            }
        }

        reader = start;
        return false;
    }
}

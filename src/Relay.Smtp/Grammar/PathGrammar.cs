using System.Buffers;

namespace Relay.Smtp.Grammar;

/// <summary>RFC 5321 4.1.2 path productions. Results have no angle brackets. On failure nothing is consumed.</summary>
internal static class PathGrammar
{
    /// <summary>Reverse-path = Path / "&lt;&gt;"; the null path yields an empty string.</summary>
    public static bool TryParseReversePath(ref SequenceReader<byte> reader, bool allowUtf8, out string reversePath)
    {
        if (reader.IsNext("<>"u8, advancePast: true))
        {
            reversePath = string.Empty;
            return true;
        }

        return TryParsePath(ref reader, allowUtf8, out reversePath);
    }

    /// <summary>
    /// Forward-path = Path, plus the "&lt;Postmaster&gt;" form every server must accept (RFC 5321 4.1.1.3).
    /// </summary>
    public static bool TryParseForwardPath(ref SequenceReader<byte> reader, bool allowUtf8, out string forwardPath)
    {
        var start = reader;
        if (reader.IsNext((byte)'<', advancePast: true)
            && SmtpCharacters.TryReadIgnoreCase(ref reader, "Postmaster>"u8))
        {
            forwardPath = SmtpCharacters.Text(reader, start.Position)[1..^1];
            return true;
        }

        reader = start;
        return TryParsePath(ref reader, allowUtf8, out forwardPath);
    }

    /// <summary>
    /// Path = "&lt;" [ A-d-l ":" ] Mailbox "&gt;". A source route (A-d-l) is accepted and dropped,
    /// as RFC 5321 4.1.1.3 and appendix C ask.
    /// </summary>
    public static bool TryParsePath(ref SequenceReader<byte> reader, bool allowUtf8, out string mailbox)
    {
        var start = reader;
        mailbox = string.Empty;
        if (!reader.IsNext((byte)'<', advancePast: true))
        {
            return false;
        }

        var beforeRoute = reader;
        if (!(TryParseAtDomainList(ref reader) && reader.IsNext((byte)':', advancePast: true)))
        {
            reader = beforeRoute;
        }

        if (!MailboxGrammar.TryParseMailbox(ref reader, allowUtf8, out mailbox) || !reader.IsNext((byte)'>', advancePast: true))
        {
            reader = start;
            mailbox = string.Empty;
            return false;
        }

        return true;
    }

    /// <summary>A-d-l = At-domain *( "," At-domain ); At-domain = "@" Domain.</summary>
    public static bool TryParseAtDomainList(ref SequenceReader<byte> reader)
    {
        var start = reader;
        do
        {
            if (!reader.IsNext((byte)'@', advancePast: true) || !DomainGrammar.TryParseDomain(ref reader, allowUtf8: false, out _))
            {
                reader = start;
                return false;
            }
        }
        while (reader.IsNext((byte)',', advancePast: true));

        return true;
    }
}

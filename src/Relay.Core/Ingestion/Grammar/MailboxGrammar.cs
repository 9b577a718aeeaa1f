using System.Buffers;
using System.Text;
using static Relay.Core.Ingestion.Grammar.LexicalGrammar;

namespace Relay.Core.Ingestion.Grammar;

/// <summary>
/// RFC 5322 3.4 mailbox productions, strict: a display name is a phrase of atoms and quoted strings (so one holding
/// "@", "&lt;" or "," must be quoted), an angle address must close, the domain is a host name (no domain literal),
/// and of the obsolete forms of 4.4 only obs-phrase ("Joe.Smith &lt;…&gt;", common in real mail) is accepted:
/// no route, no obs-local-part, no obs-domain. On failure nothing is consumed.
/// </summary>
internal static class MailboxGrammar
{
    /// <summary>mailbox = name-addr / addr-spec.</summary>
    public static bool TryParseMailbox(ref SequenceReader<byte> reader, out string address) =>
        TryParseNameAddr(ref reader, out address) || TryParseAddrSpec(ref reader, out address);

    /// <summary>name-addr = [display-name] angle-addr.</summary>
    public static bool TryParseNameAddr(ref SequenceReader<byte> reader, out string address)
    {
        var start = reader;
        TryParseDisplayName(ref reader);
        if (!TryParseAngleAddr(ref reader, out address))
        {
            reader = start;
            return false;
        }

        return true;
    }

    /// <summary>angle-addr = [CFWS] "&lt;" addr-spec "&gt;" [CFWS].</summary>
    public static bool TryParseAngleAddr(ref SequenceReader<byte> reader, out string address)
    {
        var start = reader;
        TryParseCfws(ref reader);
        if (!reader.IsNext((byte)'<', advancePast: true)
            || !TryParseAddrSpec(ref reader, out address)
            || !reader.IsNext((byte)'>', advancePast: true))
        {
            reader = start;
            address = string.Empty;
            return false;
        }

        TryParseCfws(ref reader);
        return true;
    }

    /// <summary>
    /// path = angle-addr / ([CFWS] "&lt;" [CFWS] "&gt;" [CFWS]) (RFC 5322 3.6.7, the Return-Path field); the empty path
    /// (the null reverse-path) comes back as an empty <paramref name="address"/>. obs-path (a source route) is refused.
    /// </summary>
    public static bool TryParsePath(ref SequenceReader<byte> reader, out string address)
    {
        if (TryParseAngleAddr(ref reader, out address))
        {
            return true;
        }

        var start = reader;
        TryParseCfws(ref reader);
        if (!reader.IsNext((byte)'<', advancePast: true))
        {
            reader = start;
            return false;
        }

        TryParseCfws(ref reader);
        if (!reader.IsNext((byte)'>', advancePast: true))
        {
            reader = start;
            return false;
        }

        TryParseCfws(ref reader);
        return true;
    }

    /// <summary>
    /// display-name = phrase; phrase = 1*word / obs-phrase; obs-phrase = word *(word / "." / CFWS).
    /// </summary>
    public static bool TryParseDisplayName(ref SequenceReader<byte> reader)
    {
        if (!TryParseWord(ref reader))
        {
            return false;
        }

        var more = true;
        while (more)
        {
            // Each alternative consumes at least one octet when it succeeds, so this ends.
            more = TryParseWord(ref reader) || reader.IsNext((byte)'.', advancePast: true) || TryParseCfws(ref reader);
        }

        return true;
    }

    /// <summary>addr-spec = local-part "@" domain; <paramref name="address"/> is local-part@domain with no CFWS.</summary>
    public static bool TryParseAddrSpec(ref SequenceReader<byte> reader, out string address)
    {
        var start = reader;
        address = string.Empty;
        if (!TryParseLocalPart(ref reader, out var localPart)
            || !reader.IsNext((byte)'@', advancePast: true)
            || !TryParseDomain(ref reader, out var domain))
        {
            reader = start;
            return false;
        }

        address = $"{localPart}@{domain}";
        return true;
    }

    /// <summary>
    /// local-part = dot-atom / quoted-string. A quoted local part comes back unquoted when it is a dot-atom-text and
    /// otherwise quoted with only '"' and '\' escaped, so that one mailbox has one spelling.
    /// </summary>
    public static bool TryParseLocalPart(ref SequenceReader<byte> reader, out string localPart)
    {
        if (TryParseDotAtom(ref reader, out localPart))
        {
            return true;
        }

        var start = reader;
        if (!TryParseQuotedString(ref reader, out var content) || content.Length == 0)
        {
            reader = start;
            localPart = string.Empty;
            return false;
        }

        localPart = IsDotAtomText(content) ? content : $"\"{content.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        return true;
    }

    /// <summary>domain = dot-atom, and a host name (RFC 5321 Domain, with U-labels): a domain-literal is refused.</summary>
    public static bool TryParseDomain(ref SequenceReader<byte> reader, out string domain)
    {
        var start = reader;
        if (!TryParseDotAtom(ref reader, out domain) || !HostName.IsValid(domain))
        {
            reader = start;
            domain = string.Empty;
            return false;
        }

        return true;
    }

    private static bool IsDotAtomText(string text)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)));
        return TryParseDotAtomText(ref reader, out _) && reader.End;
    }
}

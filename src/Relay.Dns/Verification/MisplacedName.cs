namespace Relay.Dns.Verification;

/// <summary>A name where a customer's record often lands by mistake, the outcome it means, and the mistake in words.</summary>
internal sealed record MisplacedName(string Name, RecordOutcome Outcome, string Mistake)
{
    private const int MaxNameLength = 253;

    /// <summary>Mistakes at <c>&lt;label&gt;._domainkey.&lt;domain&gt;</c> (Easy DKIM token or BYODKIM selector).</summary>
    public static IReadOnlyList<MisplacedName> ForDomainKey(string label, string domain) => Fitting(
    [
        new($"{label}._domainkey.{domain}.{domain}", RecordOutcome.DuplicatedDomain,
            $"the DNS provider added {domain} to the name a second time; enter the name as {label}._domainkey (or end it with a dot)"),
        new($"{label}.{domain}", RecordOutcome.MissingDomainKeyLabel,
            $"the name lacks ._domainkey; it must be {label}._domainkey.{domain}"),
        new($"{label}.domainkey.{domain}", RecordOutcome.MissingUnderscore,
            "the name lacks the underscore of _domainkey (RFC 6376 requires it)"),
    ]);

    /// <summary>Mistakes at <c>_&lt;prefix&gt;.&lt;domain&gt;</c> (the domain verification TXT).</summary>
    public static IReadOnlyList<MisplacedName> ForVerification(string prefix, string domain) => Fitting(
    [
        new($"_{prefix}.{domain}.{domain}", RecordOutcome.DuplicatedDomain,
            $"the DNS provider added {domain} to the name a second time; enter the name as _{prefix} (or end it with a dot)"),
        new($"{prefix}.{domain}", RecordOutcome.MissingUnderscore,
            $"the name lacks the underscore; it must be _{prefix}.{domain}"),
    ]);

    private static MisplacedName[] Fitting(MisplacedName[] names) =>
        names.Where(name => name.Name.Length <= MaxNameLength).ToArray();
}

using Relay.Core.Identities;
using Relay.Dns.Verification;

namespace Relay.WebConsole.Pages;

/// <summary>
/// What a DNS check's finding (<see cref="DnsRecordDiagnostic.Outcome"/>, one of <see cref="RecordOutcome"/>) means for
/// the person fixing the record: a verdict in plain words and what to change, with the names of this record filled in.
/// </summary>
internal static class RecordDiagnoses
{
    /// <summary>The verdict and the advice; <paramref name="domain"/> is the identity's domain.</summary>
    public static (string Verdict, string Advice) Describe(DnsRecordDiagnostic finding, string domain)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var name = finding.Name.TrimEnd('.');
        var label = name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase) ? name[..^(domain.Length + 1)] : name;
        return Enum.TryParse<RecordOutcome>(finding.Outcome, ignoreCase: false, out var outcome) ? outcome switch
        {
            RecordOutcome.Found => ("Published correctly.", "Nothing to do."),
            RecordOutcome.Missing => ("Not found yet.",
                $"Nothing usable is published at {name}{(finding.NameExists == false ? " (the name does not exist in DNS)" : string.Empty)}. "
                + $"Add the {finding.Type} record as shown; a new record can take a while to be seen."),
            RecordOutcome.PointsElsewhere => ("The CNAME points somewhere else.",
                $"The name is right but its target is not {finding.Expected}: change the record's value to {finding.Expected}."),
            RecordOutcome.TargetDomainAppended => ($"Your DNS provider added {domain} to the end of the value.",
                $"The value was entered without a final dot, so the CNAME points to {finding.Expected}.{domain}. "
                + $"Enter the value as {finding.Expected}. (with a dot at the end), or as your provider's help says for full names."),
            RecordOutcome.TxtInsteadOfCname => ("A TXT record is where the CNAME belongs.",
                $"Delete the TXT record at {name} and add a CNAME record there whose value is {finding.Expected}."),
            RecordOutcome.DuplicatedDomain => ("You entered the domain twice.",
                $"The record's name ends in {domain}.{domain}: your DNS provider adds {domain} by itself. "
                + $"Enter the name as {label} (remove the trailing .{domain}), or end the full name with a dot."),
            RecordOutcome.MissingDomainKeyLabel => ("The name lacks ._domainkey.",
                $"The record was found without the ._domainkey part of its name; it must be at {name}."),
            RecordOutcome.MissingUnderscore => ("The name lacks its underscore.",
                $"The record was found at a name without the underscore (_); it must be at {name}, underscore included. "
                + "Some DNS providers' forms drop it: check what was saved."),
            RecordOutcome.KeyMismatch => ("Another key is published there.",
                "A DKIM key record is at this name, but with a different public key (or an empty, revoked one). "
                + "Replace its value with the one shown here."),
            RecordOutcome.Malformed => ("The TXT record there is not a usable DKIM key.",
                "It lacks p=, is not v=DKIM1, has broken base64 or extra quotes. Replace it with the value shown here, exactly."),
            RecordOutcome.Mismatch => ("The verification token is not there.",
                $"There is TXT at {name}, but none of it is {finding.Expected}. Add a TXT value with the token; other TXT values may stay."),
            RecordOutcome.ResolverError => ("Relay could not ask DNS.",
                "The resolver failed or timed out, so nothing is known about this record: it is not a sign that it is missing. Check again later."),
            _ => Unknown(finding),
        } : Unknown(finding);
    }

    /// <summary>True when <paramref name="outcome"/> has words of its own here (a test holds every outcome to it).</summary>
    public static bool IsDescribed(string outcome) =>
        Describe(new DnsRecordDiagnostic("x._domainkey.example.com", "CNAME", "x.example.net", outcome, string.Empty), "example.com").Verdict != UnknownVerdict;

    private const string UnknownVerdict = "Checked.";

    /// <summary>An outcome this Relay has no words for (a finding stored by a newer one): its own explanation says what was found.</summary>
    private static (string Verdict, string Advice) Unknown(DnsRecordDiagnostic finding) => (UnknownVerdict, finding.Explanation);
}

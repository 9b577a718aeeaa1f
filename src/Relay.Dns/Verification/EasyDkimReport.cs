namespace Relay.Dns.Verification;

/// <summary>The three (or more) Easy DKIM CNAMEs of a domain, record by record, in the order of the tokens given.</summary>
/// <param name="Domain">The customer's domain, lower case.</param>
/// <param name="ProviderZone">The provider's DKIM key zone the CNAMEs must point into.</param>
/// <param name="Records">One finding per token.</param>
public sealed record EasyDkimReport(string Domain, string ProviderZone, IReadOnlyList<RecordFinding> Records)
{
    /// <summary>
    /// <see cref="EasyDkimVerdict.Inconclusive"/> when any record got <see cref="RecordOutcome.ResolverError"/>;
    /// otherwise <see cref="EasyDkimVerdict.Verified"/> when all are found, else <see cref="EasyDkimVerdict.NotVerified"/>.
    /// </summary>
    public EasyDkimVerdict Verdict =>
        Records.Any(record => record.Outcome == RecordOutcome.ResolverError) ? EasyDkimVerdict.Inconclusive
        : Records.All(record => record.IsFound) ? EasyDkimVerdict.Verified
        : EasyDkimVerdict.NotVerified;
}

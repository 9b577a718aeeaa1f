using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Dns.Verification;

namespace Relay.Identities;

/// <summary>The lifecycle's DNS checks, answered by the DNS library's record checker.</summary>
internal sealed class DnsIdentityChecker(DkimRecordChecker checker, IdentityLifecycleOptions options) : IIdentityDnsChecker
{
    public async Task<DnsCheckResult> CheckDkimAsync(
        string domain, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (origin == DkimSigningOrigin.AwsSes)
        {
            var report = await checker.CheckEasyDkimAsync(domain, keys.Select(key => key.Selector).ToArray(), options.ProviderDkimZone, cancellationToken);
            return Result(report.Records);
        }

        var findings = new List<RecordFinding>(keys.Count);
        foreach (var key in keys)
        {
            findings.Add(await checker.CheckByodkimAsync(domain, key.Selector, DkimPublicKeys.PublicKeyBase64(key), cancellationToken));
        }

        return Result(findings);
    }

    public async Task<DnsCheckResult> CheckServedKeyAsync(string domain, SigningKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Result([await checker.CheckByodkimAsync(domain, key.Selector, DkimPublicKeys.PublicKeyBase64(key), cancellationToken)]);
    }

    public async Task<DnsCheckResult> CheckVerificationTokenAsync(string domain, string token, CancellationToken cancellationToken) =>
        Result([await checker.CheckVerificationTxtAsync(domain, options.VerificationRecordPrefix, token, cancellationToken)]);

    private static DnsCheckResult Result(IReadOnlyList<RecordFinding> findings)
    {
        var outcome = findings.Any(finding => finding.Outcome == RecordOutcome.ResolverError) ? DnsCheckOutcome.ResolverError
            : findings.All(finding => finding.IsFound) ? DnsCheckOutcome.Verified
            : DnsCheckOutcome.NotFound;
        return new DnsCheckResult(
            outcome,
            findings.Select(finding => new DnsRecordDiagnostic(
                finding.Name, finding.RecordType, finding.Expected, finding.Outcome.ToString(), finding.Explanation)
            {
                NameExists = finding.NameExists,
                Soa = finding.Soa is { } soa ? new DnsSoa(soa.PrimaryNameServer, soa.AdminEmail, soa.SerialNumber) : null,
            }).ToArray());
    }
}

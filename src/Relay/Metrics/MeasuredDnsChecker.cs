using System.Diagnostics.Metrics;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Metrics;

/// <summary>Counts every identity DNS check by what was checked and what it found (<c>relay_dns_checks_total</c>).</summary>
internal sealed class MeasuredDnsChecker(IIdentityDnsChecker inner, IMeterFactory meters) : IIdentityDnsChecker
{
    private readonly Counter<long> _checks = meters.Create("Relay.Identities")
        .CreateCounter<long>("relay_dns_checks", description: "Identity DNS checks, by record (dkim, served_key, verification) and outcome.");

    public async Task<DnsCheckResult> CheckDkimAsync(string domain, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, CancellationToken cancellationToken) =>
        Count("dkim", await inner.CheckDkimAsync(domain, origin, keys, cancellationToken));

    public async Task<DnsCheckResult> CheckServedKeyAsync(string domain, SigningKey key, CancellationToken cancellationToken) =>
        Count("served_key", await inner.CheckServedKeyAsync(domain, key, cancellationToken));

    public async Task<DnsCheckResult> CheckVerificationTokenAsync(string domain, string token, CancellationToken cancellationToken) =>
        Count("verification", await inner.CheckVerificationTokenAsync(domain, token, cancellationToken));

    private DnsCheckResult Count(string record, DnsCheckResult result)
    {
        _checks.Add(1, new("record", record), new("outcome", result.Outcome.ToString()));
        return result;
    }
}

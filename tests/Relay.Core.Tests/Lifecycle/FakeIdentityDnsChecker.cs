using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// The customer's DNS as a test sets it. Records are published by name and type; a check expects what the real checker
/// expects: a CNAME to <c>&lt;token&gt;.&lt;provider zone&gt;</c> per Easy DKIM key, the key's TXT for BYODKIM, the token
/// TXT at <c>_&lt;prefix&gt;.&lt;domain&gt;</c>. <see cref="ResolverDown"/> makes every lookup a resolver error.
/// </summary>
internal sealed class FakeIdentityDnsChecker(string providerZone, string verificationPrefix) : IIdentityDnsChecker
{
    private readonly Dictionary<(string Name, string Type), string> _records = [];

    public bool ResolverDown { get; set; }

    public int Lookups { get; private set; }

    /// <summary>Lookups for these domains throw, as a library fault would.</summary>
    public HashSet<string> FaultyDomains { get; } = [];

    /// <summary>Runs once, inside the next lookup, before it answers (to act while a check is in flight).</summary>
    public Func<Task>? DuringNextLookup { get; set; }

    public void Publish(IEnumerable<DnsRecord> records)
    {
        foreach (var record in records)
        {
            _records[(record.Name, record.Type)] = record.Value;
        }
    }

    public void Remove(IEnumerable<DnsRecord> records)
    {
        foreach (var record in records)
        {
            _records.Remove((record.Name, record.Type));
        }
    }

    public void Clear() => _records.Clear();

    public Task<DnsCheckResult> CheckDkimAsync(
        string domain, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, CancellationToken cancellationToken) =>
        FaultyDomains.Contains(domain) ? throw new InvalidOperationException($"lookup fault for {domain}") : AnswerAsync(keys.Select(key => origin == DkimSigningOrigin.AwsSes
            ? new DnsRecord($"{key.Selector}._domainkey.{domain}", "CNAME", $"{key.Selector}.{providerZone}")
            : new DnsRecord($"{key.Selector}._domainkey.{domain}", "TXT", DkimPublicKeys.TxtValue(key))).ToList());

    /// <summary>Easy DKIM keys are served by the key zone, so the key is found when the customer's CNAME to it is there.</summary>
    public Task<DnsCheckResult> CheckServedKeyAsync(string domain, SigningKey key, CancellationToken cancellationToken) =>
        AnswerAsync([new DnsRecord($"{key.Selector}._domainkey.{domain}", "CNAME", $"{key.Selector}.{providerZone}")]);

    public Task<DnsCheckResult> CheckVerificationTokenAsync(string domain, string token, CancellationToken cancellationToken) =>
        AnswerAsync([new DnsRecord($"_{verificationPrefix}.{domain}", "TXT", token)]);

    private async Task<DnsCheckResult> AnswerAsync(IReadOnlyList<DnsRecord> expected)
    {
        Lookups++;
        if (DuringNextLookup is { } action)
        {
            DuringNextLookup = null;
            await action();
        }

        if (ResolverDown)
        {
            return new DnsCheckResult(DnsCheckOutcome.ResolverError, []);
        }

        var diagnostics = expected.Select(Diagnose).ToList();
        var verified = diagnostics.All(diagnostic => diagnostic.Outcome == "Found");
        return new DnsCheckResult(verified ? DnsCheckOutcome.Verified : DnsCheckOutcome.NotFound, diagnostics);
    }

    private DnsRecordDiagnostic Diagnose(DnsRecord expected)
    {
        if (!_records.TryGetValue((expected.Name, expected.Type), out var value))
        {
            return new DnsRecordDiagnostic(expected.Name, expected.Type, expected.Value, "Missing", "No record.");
        }

        return value == expected.Value
            ? new DnsRecordDiagnostic(expected.Name, expected.Type, expected.Value, "Found", "Right.")
            : new DnsRecordDiagnostic(expected.Name, expected.Type, expected.Value, "PointsElsewhere", $"Found {value}.");
    }
}

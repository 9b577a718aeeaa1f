using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>What a DNS check found survives the store, including whether each name existed (for SES's ErrorType).</summary>
public sealed class StoredDiagnosticTests
{
    [Test]
    public async Task NameExists_round_trips_true_false_and_unknown()
    {
        using var h = await LifecycleHarness.CreateAsync();
        await h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, "example.com", null, CancellationToken.None);
        var identity = await h.GetAsync("example.com");
        DnsRecordDiagnostic[] records =
        [
            new("a._domainkey.example.com", "CNAME", "a.z", "Missing", "gone") { NameExists = false },
            new("b._domainkey.example.com", "CNAME", "b.z", "Missing", "no CNAME") { NameExists = true },
            new("c._domainkey.example.com", "CNAME", "c.z", "ResolverError", "timeout") { NameExists = null },
        ];

        await h.Store.SaveIdentityAsync(identity with { DkimCheck = identity.DkimCheck with { LastChecked = h.Now, Records = records } }, CancellationToken.None);
        var read = await h.GetAsync("example.com");

        Assert.That(read.DkimCheck.Records.Select(record => record.NameExists), Is.EqualTo(new bool?[] { false, true, null }));
    }
}

using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>What a DNS check found survives the store, including whether each name existed and the SOA of the zone that said it did not (for SES's ErrorType and SOARecord).</summary>
public sealed class StoredDiagnosticTests
{
    [Test]
    public async Task NameExists_and_the_zone_soa_round_trip()
    {
        await using var h = await LifecycleHarness.CreateAsync();
        await h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, "example.com", null, CancellationToken.None);
        var identity = await h.GetAsync("example.com");
        DnsRecordDiagnostic[] records =
        [
            new("a._domainkey.example.com", "CNAME", "a.z", "Missing", "gone") { NameExists = false, Soa = new DnsSoa("ns1.host.example", "hostmaster@example.com", 4294967295) },
            new("b._domainkey.example.com", "CNAME", "b.z", "Missing", "no CNAME") { NameExists = true },
            new("c._domainkey.example.com", "CNAME", "c.z", "ResolverError", "timeout") { NameExists = null },
        ];

        await h.Store.SaveIdentityAsync(identity with { DkimCheck = identity.DkimCheck with { LastChecked = h.Now, Records = records } }, CancellationToken.None);
        var read = await h.GetAsync("example.com");

        Assert.That(read.DkimCheck.Records.Select(record => record.NameExists), Is.EqualTo(new bool?[] { false, true, null }));
        Assert.That(read.DkimCheck.Records.Select(record => record.Soa), Is.EqualTo(new[] { records[0].Soa, null, null }));
    }
}

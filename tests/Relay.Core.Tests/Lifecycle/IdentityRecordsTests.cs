using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>The records a customer is told to publish.</summary>
public sealed class IdentityRecordsTests
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    [Test]
    public async Task A_domain_gets_the_verification_txt_and_a_cname_per_token_into_the_provider_zone()
    {
        var token = await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        var records = _h.Service.RecordsFor(await _h.GetAsync("example.com"));

        var expected = new List<DnsRecord> { new("_amazonses.example.com", "TXT", token) };
        expected.AddRange(tokens.Select(t => new DnsRecord($"{t}._domainkey.example.com", "CNAME", $"{t}.dkim.relay.test")));
        Assert.That(records, Is.EqualTo(expected));
    }

    [Test]
    public async Task The_verification_record_prefix_is_a_setting()
    {
        var token = await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);
        var options = new IdentityLifecycleOptions { ProviderDkimZone = "keys.example.net", VerificationRecordPrefix = "relay-verify" };

        var records = IdentityRecords.For(await _h.GetAsync("example.com"), options);

        Assert.That(records, Is.EqualTo(new[] { new DnsRecord("_relay-verify.example.com", "TXT", token) }));
    }

    [Test]
    public async Task An_address_has_no_records()
    {
        await _h.Service.VerifyEmailIdentityAsync(LifecycleHarness.AccountA, "a@example.com", CancellationToken.None);

        Assert.That(_h.Service.RecordsFor(await _h.GetAsync("a@example.com")), Is.Empty);
    }

    [Test]
    public void A_domain_with_an_operator_given_key_gets_that_key_as_a_txt_record()
    {
        var key = new SigningKey("s1", TestRsaKeys.Pkcs8Pem(1024), 1024);
        var identity = new Identity("a1", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, key);

        var records = IdentityRecords.For(identity, new IdentityLifecycleOptions { ProviderDkimZone = "dkim.relay.test" });

        Assert.That(records, Is.EqualTo(new[] { new DnsRecord("s1._domainkey.example.com", "TXT", DkimPublicKeys.TxtValue(key)) }));
    }
}

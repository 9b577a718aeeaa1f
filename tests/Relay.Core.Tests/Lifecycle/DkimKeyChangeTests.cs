using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Key changes that need the customer's DNS (BYODKIM) wait for their records while the current keys keep signing.</summary>
public sealed class DkimKeyChangeTests
{
    private const string Domain = "example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    [Test]
    public async Task A_byodkim_key_whose_record_never_appears_is_dropped_at_the_end_of_the_window()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var changed = await _h.Service.SetSigningAttributesAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: "s2026", PrivateKey: TestRsaKeys.Pkcs8Pem(1024)), CancellationToken.None);
        var since = _h.Now;

        await _h.RunChecksAtAsync(since + TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));
        Assert.That((await _h.GetAsync(Domain)).PendingDkim?.Keys, Is.EqualTo(changed.PendingDkim!.Keys), "still waiting just before the end");

        var identity = await _h.RunNextCheckAsync(Domain);
        for (var guard = 0; identity.PendingDkim is not null && guard < 10; guard++)
        {
            identity = await _h.RunNextCheckAsync(Domain);
        }

        Assert.Multiple(() =>
        {
            Assert.That(identity.PendingDkim, Is.Null);
            Assert.That(_h.Now, Is.EqualTo(since + TimeSpan.FromHours(72)));
            Assert.That(identity.DkimKeys, Is.EqualTo(signed.DkimKeys), "the current keys stay");
            Assert.That(identity.SigningKey, Is.EqualTo(signed.SigningKey));
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(_h.Notifier.Events.Select(e => e.Kind), Is.EqualTo(new[] { IdentityEventKind.DkimKeyChangeAbandoned }));
        });
    }

    [Test]
    public async Task Asking_for_the_key_length_already_in_use_changes_no_keys()
    {
        await using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true);
        var request = new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024);
        await h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, Domain, request, CancellationToken.None);
        await h.PublishRecordsAsync(Domain);
        var signed = await h.RunNextCheckAsync(Domain);

        var same = await h.Service.SetSigningAttributesAsync(LifecycleHarness.AccountA, Domain, request, CancellationToken.None);

        Assert.That(signed.DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up");
        Assert.That(same.PendingDkim, Is.Null);
        Assert.That(same.DkimKeys, Is.EqualTo(signed.DkimKeys));
        Assert.That((await h.GetAsync(Domain)).DkimKeys, Is.EqualTo(signed.DkimKeys));
    }

    [Test]
    public async Task A_byodkim_domain_cannot_be_rotated()
    {
        await _h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: "s1", PrivateKey: TestRsaKeys.Pkcs8Pem(1024)), CancellationToken.None);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }

    [Test]
    public async Task Switching_a_signing_easy_dkim_domain_to_byodkim_waits_for_the_customers_txt_record()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);

        var changed = await _h.Service.SetSigningAttributesAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: "s2026", PrivateKey: TestRsaKeys.Pkcs8Pem(1024)), CancellationToken.None);
        await _h.PublishRecordsAsync(Domain);
        var switched = await _h.RunNextCheckAsync(Domain);

        Assert.That(changed.SigningKey, Is.EqualTo(signed.SigningKey));
        Assert.That(changed.PendingDkim?.Origin, Is.EqualTo(DkimSigningOrigin.External));
        Assert.That(switched.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External));
        Assert.That(switched.SigningKey?.Selector, Is.EqualTo("s2026"));
        Assert.That((await _h.Store.ListDkimRecordsAsync(CancellationToken.None)).Select(r => r.Label),
            Is.EquivalentTo(signed.DkimTokens), "Relay serves no records for BYODKIM keys, only the retired Easy DKIM keys for a while");
        Assert.That(switched.RetiredDkim?.Until, Is.EqualTo(_h.Now + _h.Options.RetiredKeyRetention));
    }
}

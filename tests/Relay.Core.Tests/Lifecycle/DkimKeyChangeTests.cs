using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>New keys (another length, rotation) wait for their records while the current keys keep signing.</summary>
public sealed class DkimKeyChangeTests
{
    private const string Domain = "example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public void DisposeHarness() => _h.Dispose();

    private static Task<IdentityResolution> ResolveAsync(LifecycleHarness h) =>
        new IdentityResolver(h.Store).ResolveAsync(LifecycleHarness.AccountA, "a@example.com", CancellationToken.None);

    [Test]
    public async Task A_new_key_length_keeps_the_old_key_signing_until_the_new_records_verify_then_switches()
    {
        using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true);
        var signed = await h.CreateSignedDomainAsync(Domain);

        var changed = await h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024), CancellationToken.None);

        var pending = changed.PendingDkim!;
        Assert.Multiple(() =>
        {
            Assert.That(changed.SigningKey, Is.EqualTo(signed.SigningKey), "the old key keeps signing");
            Assert.That(changed.DkimKeys, Is.EqualTo(signed.DkimKeys));
            Assert.That(changed.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(changed.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa1024));
            Assert.That(pending.Origin, Is.EqualTo(DkimSigningOrigin.AwsSes));
            Assert.That(pending.Keys.Select(key => key.KeyBits), Is.EqualTo(new[] { 1024, 1024, 1024 }));
            Assert.That(pending.Keys.Select(key => key.Selector), Has.None.AnyOf(signed.DkimTokens.ToArray()), "new tokens");
        });
        Assert.That((await ResolveAsync(h)).SigningDomain?.SigningKey, Is.EqualTo(signed.SigningKey));

        h.Time.Advance(TimeSpan.FromMinutes(5));
        var stillOld = await h.RunChecksAtAsync(h.Now);
        Assert.That(stillOld, Is.EqualTo(1), "the pending change is checked");
        Assert.That((await h.GetAsync(Domain)).SigningKey, Is.EqualTo(signed.SigningKey), "no switch before the new records are there");

        await h.PublishRecordsAsync(Domain);
        var switched = await h.RunNextCheckAsync(Domain);

        Assert.Multiple(() =>
        {
            Assert.That(switched.PendingDkim, Is.Null);
            Assert.That(switched.DkimKeys, Is.EqualTo(pending.Keys));
            Assert.That(switched.SigningKey, Is.EqualTo(pending.Keys[0]));
            Assert.That(switched.SigningKey!.KeyBits, Is.EqualTo(1024));
            Assert.That(switched.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(h.Notifier.Events.Select(e => e.Kind), Is.EqualTo(new[] { IdentityEventKind.DkimKeysSwitched }));
        });
        Assert.That((await ResolveAsync(h)).SigningDomain?.SigningKey, Is.EqualTo(pending.Keys[0]));
        Assert.That((await h.Store.ListDkimRecordsAsync(CancellationToken.None)).Select(r => r.Label),
            Is.EquivalentTo(pending.Keys.Concat(signed.DkimKeys).Select(key => key.Selector)),
            "the old keys stay published for mail signed with them before the switch");

        h.Time.Advance(h.Options.RetiredKeyRetention);
        await h.Verifier.CheckAsync(await h.GetAsync(Domain), force: true, CancellationToken.None);
        Assert.That((await h.Store.ListDkimRecordsAsync(CancellationToken.None)).Select(r => r.Label),
            Is.EquivalentTo(pending.Keys.Select(key => key.Selector)), "after the retention only the keys in use are served");
    }

    [Test]
    public async Task A_key_change_whose_records_never_appear_is_dropped_at_the_end_of_the_window()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var changed = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
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
    public async Task Rotation_makes_new_tokens_that_verify_domain_dkim_then_reports()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);

        var rotated = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.That(rotated.PendingDkim?.Keys, Has.Count.EqualTo(3));
        Assert.That(rotated.SigningKey, Is.EqualTo(signed.SigningKey));
        Assert.That(tokens, Is.EqualTo(rotated.PendingDkim!.Keys.Select(key => key.Selector)), "the tokens to publish are the new ones");
        Assert.That(tokens, Has.None.AnyOf(signed.DkimTokens.ToArray()));
        Assert.That(rotated.LastKeyGeneration, Is.EqualTo(_h.Now - TimeSpan.FromSeconds(1)));
        Assert.That(_h.Service.RecordsFor(rotated).Count(record => record.Type == "CNAME"), Is.EqualTo(6), "old and new CNAMEs while both are in use");
    }

    [Test]
    public async Task Rotating_a_domain_that_is_not_signing_yet_replaces_its_keys_at_once()
    {
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        var rotated = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.That(rotated.PendingDkim, Is.Null);
        Assert.That(rotated.DkimTokens, Has.None.AnyOf(tokens.ToArray()));
        Assert.That(rotated.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(rotated.NextCheck, Is.EqualTo(_h.Now));
    }

    [Test]
    public async Task Asking_for_the_key_length_already_in_use_changes_no_keys()
    {
        using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true);
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

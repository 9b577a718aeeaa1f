using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// Easy DKIM key changes behind the same three tokens: a new key is published behind a token that is not signing,
/// signs only after the switch delay and a lookup through the customer's CNAME, and the customer's DNS never changes.
/// </summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class EasyDkimRotationTests(StoreKind kind)
{
    private const string Domain = "example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync(storeKind: kind);

    [TearDown]
    public async Task DisposeHarness() => await (_h?.DisposeAsync() ?? ValueTask.CompletedTask);

    private static async Task<SigningKey?> SigningKeyInUseAsync(LifecycleHarness h) =>
        (await new IdentityResolver(h.Store).ResolveAsync(LifecycleHarness.AccountA, "a@example.com", CancellationToken.None)).SigningDomain?.SigningKey;

    private static SigningKey StagedKey(Identity identity) => identity.DkimKeys.Single(key => key.Selector == identity.StagedDkim!.Token);

    [Test]
    public async Task A_new_key_length_goes_behind_an_idle_token_and_signs_after_the_switch_delay()
    {
        await using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true, storeKind: kind);
        var signed = await h.CreateSignedDomainAsync(Domain);
        var changedAt = h.Now;

        var changed = await h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(changed.DkimTokens, Is.EqualTo(signed.DkimTokens), "the same three tokens");
            Assert.That(changed.PendingDkim, Is.Null, "nothing waits for the customer");
            Assert.That(changed.SigningKey, Is.EqualTo(signed.SigningKey), "the old key keeps signing");
            Assert.That(changed.StagedDkim!.Token, Is.Not.EqualTo(signed.SigningKey!.Selector));
            Assert.That(changed.StagedDkim.SwitchAfter, Is.EqualTo(changedAt + h.Options.EffectiveKeySwitchDelay));
            Assert.That(StagedKey(changed).KeyBits, Is.EqualTo(1024));
            Assert.That(changed.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa1024));
            Assert.That(changed.LastKeyGeneration, Is.EqualTo(changedAt));
            Assert.That(changed.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        });
        var stage = changed.StagedDkim!;
        var served = await h.Store.ListDkimRecordsAsync(CancellationToken.None);
        Assert.That(served.Select(record => record.Label), Is.EquivalentTo(signed.DkimTokens), "the key zone serves the same names");
        Assert.That(served.Single(record => record.Label == stage.Token).Txt, Is.EqualTo(DkimPublicKeys.TxtValue(StagedKey(changed))),
            "the new key is published at once");

        await h.RunChecksAtAsync(stage.SwitchAfter - TimeSpan.FromSeconds(1));
        Assert.That(await SigningKeyInUseAsync(h), Is.EqualTo(signed.SigningKey), "not before the delay");

        var switched = await h.RunNextCheckAsync(Domain);

        Assert.Multiple(() =>
        {
            Assert.That(h.Now, Is.EqualTo(stage.SwitchAfter));
            Assert.That(switched.SigningKey, Is.EqualTo(StagedKey(changed)));
            Assert.That(switched.SigningKey!.KeyBits, Is.EqualTo(1024));
            Assert.That(switched.StagedDkim, Is.Null);
            Assert.That(switched.DkimTokens, Is.EqualTo(signed.DkimTokens));
            Assert.That(switched.TokenRetirements, Is.EqualTo(new[] { new DkimTokenRetirement(signed.SigningKey!.Selector, h.Now) }));
            Assert.That(h.Notifier.Events.Select(e => e.Kind), Is.EqualTo(new[] { IdentityEventKind.DkimKeysSwitched }));
        });
        Assert.That(await SigningKeyInUseAsync(h), Is.EqualTo(StagedKey(changed)));
        Assert.That((await h.Store.ListDkimRecordsAsync(CancellationToken.None)).Single(record => record.Label == signed.SigningKey!.Selector).Txt,
            Is.EqualTo(DkimPublicKeys.TxtValue(signed.SigningKey!)), "the retired key stays published for queued mail");
    }

    [Test]
    public async Task A_staged_key_does_not_sign_while_the_customers_cname_for_its_token_is_gone()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var rotated = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var stagedRecords = _h.Service.RecordsFor(rotated).Where(record => record.Name.StartsWith(rotated.StagedDkim!.Token, StringComparison.Ordinal)).ToList();
        _h.Dns.Remove(stagedRecords);

        var waiting = await _h.RunNextCheckAsync(Domain);
        Assert.That(waiting.SigningKey, Is.EqualTo(signed.SigningKey), "never signs with a key a verifier cannot find");
        Assert.That(waiting.StagedDkim?.SwitchAfter, Is.EqualTo(_h.Now + _h.Options.FirstRetryDelay), "looked up again soon");

        _h.Dns.Publish(stagedRecords);
        var switched = await _h.RunNextCheckAsync(Domain);

        Assert.That(switched.SigningKey, Is.EqualTo(StagedKey(rotated)));
    }

    [Test]
    public async Task Rotations_keep_the_tokens_and_wait_for_a_token_whose_old_key_queued_mail_no_longer_needs()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var tokens = signed.DkimTokens;
        var signingKeys = new List<SigningKey> { signed.SigningKey! };

        for (var rotation = 0; rotation < 2; rotation++)
        {
            var rotated = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
            Assert.That(rotated.LastKeyGeneration, Is.EqualTo(_h.Now));
            var switched = await _h.RunNextCheckAsync(Domain);
            signingKeys.Add(switched.SigningKey!);
            _h.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.That(await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None), Is.EqualTo(tokens),
                "VerifyDomainDkim answers the same tokens");
        }

        Assert.That(signingKeys.Select(key => key.Selector), Is.EquivalentTo(tokens), "each token signed in turn");
        Assert.That(signingKeys.Distinct().Count(), Is.EqualTo(3));
        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None));
        Assert.That(refused!.Kind, Is.EqualTo(IdentityErrorKind.Throttled));
        Assert.That(refused.Message, Does.Contain("no longer needed by queued mail"));

        var current = await _h.GetAsync(Domain);
        var firstRetired = current.TokenRetirements.Min(retirement => retirement.StoppedSigning);
        _h.Time.SetUtcNow(firstRetired + _h.Options.RetiredKeyRetention);
        var third = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.That(third.StagedDkim!.Token, Is.EqualTo(signed.SigningKey!.Selector), "the token retired longest ago is reused");
        Assert.That(third.DkimTokens, Is.EqualTo(tokens));
    }

    [Test]
    public async Task The_key_length_changes_at_most_once_a_day()
    {
        await using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true, storeKind: kind);
        await h.CreateSignedDomainAsync(Domain);
        await h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024), CancellationToken.None);
        await h.RunNextCheckAsync(Domain);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa2048), CancellationToken.None));
        h.Time.Advance(h.Options.KeyLengthChangeInterval);
        var later = await h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa2048), CancellationToken.None);

        Assert.That(refused!.Kind, Is.EqualTo(IdentityErrorKind.Throttled));
        Assert.That(later.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa2048));
        Assert.That(later.StagedDkim, Is.Not.Null);
    }

    [Test]
    public async Task Keys_rotate_on_schedule_behind_the_same_tokens()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        Assert.That(signed.NextRotation, Is.EqualTo(_h.Now + _h.Options.AutomaticRotationInterval));

        var staged = await _h.RunNextCheckAsync(Domain);
        for (var guard = 0; staged.StagedDkim is null && guard < 400; guard++)
        {
            Assert.That(staged.SigningKey, Is.EqualTo(signed.SigningKey), "no change at the 12-hour re-checks before it is due");
            staged = await _h.RunNextCheckAsync(Domain);
        }

        Assert.That(_h.Now, Is.EqualTo(signed.NextRotation), "the rotation starts when due");
        var switched = await _h.RunNextCheckAsync(Domain);

        Assert.Multiple(() =>
        {
            Assert.That(staged.StagedDkim, Is.Not.Null);
            Assert.That(staged.LastKeyGeneration, Is.EqualTo(signed.NextRotation));
            Assert.That(switched.SigningKey!.Selector, Is.EqualTo(staged.StagedDkim!.Token));
            Assert.That(switched.DkimTokens, Is.EqualTo(signed.DkimTokens));
            Assert.That(switched.NextRotation, Is.EqualTo(_h.Now + _h.Options.AutomaticRotationInterval));
        });
    }

    [Test]
    public async Task A_scheduled_rotation_due_on_two_nodes_at_once_is_carried_out_once()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        await _h.Store.SaveIdentityAsync(signed with { NextRotation = _h.Now }, CancellationToken.None);
        var due = await _h.GetAsync(Domain);
        var otherNode = await _h.OpenOtherNodeAsync();

        // Both nodes hold the identity as read at the same version (a claim that ran out, or "check now" on one of them).
        var results = await Task.WhenAll(
            Task.Run(() => _h.Verifier.CheckAsync(due, force: false, CancellationToken.None)),
            Task.Run(() => otherNode.Verifier.CheckAsync(due, force: false, CancellationToken.None)));

        var stored = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(stored.StagedDkim, Is.Not.Null, "the rotation started");
            Assert.That(stored.Version, Is.EqualTo(due.Version + 1), "by one save");
            Assert.That(results.Select(result => StagedKey(result)), Has.All.EqualTo(StagedKey(stored)),
                "both nodes answer with the one key set that was stored; the loser's key was never saved");
            Assert.That(stored.SigningKey, Is.EqualTo(signed.SigningKey), "the old key keeps signing until the switch");
            Assert.That(_h.Notifier.Events.Concat(otherNode.Notifier.Events), Is.Empty);
        });
        var served = await _h.Store.ListDkimRecordsAsync(CancellationToken.None);
        Assert.That(served.Single(record => record.Label == stored.StagedDkim!.Token).Txt, Is.EqualTo(DkimPublicKeys.TxtValue(StagedKey(stored))),
            "the key zone serves the stored key, not the loser's");
    }

    [Test]
    public async Task Two_rotations_asked_through_two_nodes_at_once_make_one_new_key_set()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var gate = new SaveGate(parties: 2);
        var nodes = new[]
        {
            await _h.OpenOtherNodeAsync(store => new GatedIdentityStore(store, gate)),
            await _h.OpenOtherNodeAsync(store => new GatedIdentityStore(store, gate)),
        };

        var rotated = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None))));

        var stored = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Version, Is.EqualTo(signed.Version + 1), "one save");
            Assert.That(rotated.Select(StagedKey), Has.All.EqualTo(StagedKey(stored)), "both callers are given the one key set that was stored");
            Assert.That(StagedKey(stored), Is.Not.EqualTo(signed.DkimKeys.Single(key => key.Selector == stored.StagedDkim!.Token)), "a new key");
            Assert.That(stored.SigningKey, Is.EqualTo(signed.SigningKey), "the old key keeps signing until the switch");
        });
        var served = await _h.Store.ListDkimRecordsAsync(CancellationToken.None);
        Assert.That(served.Single(record => record.Label == stored.StagedDkim!.Token).Txt, Is.EqualTo(DkimPublicKeys.TxtValue(StagedKey(stored))));
    }

    [Test]
    public async Task Rotating_a_domain_that_is_not_signing_yet_replaces_its_keys_at_once_behind_the_same_tokens()
    {
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var before = await _h.GetAsync(Domain);

        var rotated = await _h.Service.RotateAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);

        Assert.That(rotated.DkimTokens, Is.EqualTo(tokens));
        Assert.That(rotated.DkimKeys.Select(key => key.PrivateKeyPem), Has.None.AnyOf(before.DkimKeys.Select(key => key.PrivateKeyPem).ToArray()));
        Assert.That(rotated.StagedDkim, Is.Null);
        Assert.That(rotated.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
    }

    [Test]
    public async Task A_return_from_byodkim_uses_the_tokens_the_customer_published_before()
    {
        var signed = await _h.CreateSignedDomainAsync(Domain);
        var easyRecords = _h.Service.RecordsFor(signed).Where(record => record.Type == "CNAME").ToList();
        await _h.Service.SetSigningAttributesAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: "s2026", PrivateKey: TestRsaKeys.Pkcs8Pem(1024)), CancellationToken.None);
        await _h.PublishRecordsAsync(Domain);
        var byodkim = await _h.RunNextCheckAsync(Domain);
        Assert.That(byodkim.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External), "set-up");

        var back = await _h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes), CancellationToken.None);
        var switched = await _h.RunNextCheckAsync(Domain);

        Assert.That(back.PendingDkim!.Keys.Select(key => key.Selector), Is.EqualTo(signed.DkimTokens));
        Assert.That(easyRecords.All(record => _h.Service.RecordsFor(switched).Contains(record)), Is.True, "no new CNAME for the customer");
        Assert.That(switched.DkimOrigin, Is.EqualTo(DkimSigningOrigin.AwsSes));
        Assert.That(switched.SigningKey!.Selector, Is.EqualTo(signed.DkimTokens[0]));
        Assert.That(switched.SigningKey, Is.Not.EqualTo(signed.SigningKey), "a new key behind the old token");
        Assert.That((await _h.Store.ListDkimRecordsAsync(CancellationToken.None)).Select(record => record.Label), Is.EquivalentTo(signed.DkimTokens));
    }
}

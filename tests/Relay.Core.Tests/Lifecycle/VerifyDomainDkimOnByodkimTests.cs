using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// VerifyDomainDkim on a domain that signs with the customer's own key (BYODKIM): it answers with the Easy DKIM tokens
/// Relay would use, and nothing that signs or that GetEmailIdentity reports changes until the customer asks for the
/// switch with PutEmailIdentityDkimSigningAttributes (AWS_SES).
/// </summary>
public sealed class VerifyDomainDkimOnByodkimTests
{
    private const string Domain = "example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    private async Task<Identity> CreateByodkimAsync(bool verified)
    {
        await _h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: "s2026", PrivateKey: TestRsaKeys.Pkcs8Pem(1024)), CancellationToken.None);
        if (!verified)
        {
            return await _h.GetAsync(Domain);
        }

        await _h.PublishRecordsAsync(Domain);
        var identity = await _h.RunNextCheckAsync(Domain);
        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up: the BYODKIM key verified");
        return identity;
    }

    private Task<IReadOnlyList<string>> VerifyDomainDkimAsync()
    {
        _h.Time.Advance(_h.Options.VerifyDomainDkimInterval);
        return _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
    }

    private static Task<IdentityResolution> ResolveAsync(LifecycleHarness h) =>
        new IdentityResolver(h.Store).ResolveAsync(LifecycleHarness.AccountA, "a@example.com", CancellationToken.None);

    [Test]
    public async Task On_a_signing_byodkim_domain_it_answers_three_easy_dkim_tokens_and_changes_nothing_that_signs()
    {
        var before = await CreateByodkimAsync(verified: true);

        var tokens = await VerifyDomainDkimAsync();

        var after = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(tokens, Has.Count.EqualTo(3));
            Assert.That(tokens, Is.Unique);
            Assert.That(tokens, Has.All.Match("^[a-z2-7]{32}$"));
            Assert.That(after.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External), "the reported origin stays EXTERNAL");
            Assert.That(after.DkimTokens, Is.EqualTo(new[] { "s2026" }), "GetEmailIdentity's tokens stay the selector");
            Assert.That(after.SigningKey, Is.EqualTo(before.SigningKey));
            Assert.That(after.DkimKeys, Is.EqualTo(before.DkimKeys));
            Assert.That(after.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(after.PendingDkim, Is.Null, "no switch to Easy DKIM is started");
            Assert.That(after.NextCheck, Is.EqualTo(before.NextCheck), "nothing new to look up");
            Assert.That(after.EasyDkimCandidateTokens, Is.EqualTo(tokens));
        });
        Assert.That((await ResolveAsync(_h)).SigningDomain?.SigningKey, Is.EqualTo(before.SigningKey));
    }

    [Test]
    public async Task Nothing_switches_later_either_even_when_the_easy_dkim_cnames_appear()
    {
        var before = await CreateByodkimAsync(verified: true);
        var tokens = await VerifyDomainDkimAsync();
        _h.Dns.Publish(tokens.Select(token =>
            new DnsRecord($"{token}._domainkey.{Domain}", "CNAME", $"{token}.{LifecycleHarness.Zone}")).ToArray());

        await _h.RunChecksAtAsync(_h.Now + _h.Options.PendingWindow + TimeSpan.FromHours(1));

        var after = await _h.GetAsync(Domain);
        Assert.That(after.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External));
        Assert.That(after.SigningKey, Is.EqualTo(before.SigningKey));
        Assert.That(after.PendingDkim, Is.Null);
        Assert.That(_h.Notifier.Events.Select(e => e.Kind), Has.None.EqualTo(IdentityEventKind.DkimKeysSwitched));
    }

    [Test]
    public async Task On_a_byodkim_domain_still_pending_it_keeps_the_customers_key()
    {
        var before = await CreateByodkimAsync(verified: false);

        var tokens = await VerifyDomainDkimAsync();

        var after = await _h.GetAsync(Domain);
        Assert.Multiple(() =>
        {
            Assert.That(tokens, Has.Count.EqualTo(3));
            Assert.That(after.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External));
            Assert.That(after.SigningKey, Is.EqualTo(before.SigningKey));
            Assert.That(after.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(after.DkimCheck.Since, Is.EqualTo(before.DkimCheck.Since), "the wait for the customer's TXT goes on");
            Assert.That(after.NextCheck, Is.EqualTo(before.NextCheck));
            Assert.That(after.PendingDkim, Is.Null);
        });
    }

    [Test]
    public async Task Asking_again_answers_the_same_tokens_and_relay_serves_no_key_for_them_yet()
    {
        await CreateByodkimAsync(verified: true);

        var first = await VerifyDomainDkimAsync();
        var second = await VerifyDomainDkimAsync();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(await _h.Store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty, "the candidate is not started: no key is made or published");
    }

    [Test]
    public async Task The_switch_to_easy_dkim_asked_for_afterwards_uses_the_tokens_it_answered()
    {
        var before = await CreateByodkimAsync(verified: true);
        var tokens = await VerifyDomainDkimAsync();

        var changed = await _h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes), CancellationToken.None);

        Assert.That(changed.PendingDkim?.Origin, Is.EqualTo(DkimSigningOrigin.AwsSes));
        Assert.That(changed.PendingDkim!.Keys.Select(key => key.Selector), Is.EqualTo(tokens));
        Assert.That(changed.SigningKey, Is.EqualTo(before.SigningKey), "the customer's key signs until the CNAMEs verify");
        Assert.That(changed.EasyDkimCandidateTokens, Is.Null, "the candidate became the pending change");

        await _h.PublishRecordsAsync(Domain);
        var switched = await _h.RunNextCheckAsync(Domain);

        Assert.That(switched.DkimOrigin, Is.EqualTo(DkimSigningOrigin.AwsSes));
        Assert.That(switched.DkimTokens, Is.EqualTo(tokens));
    }

    [Test]
    public async Task After_easy_dkim_1024_then_byodkim_a_return_to_easy_dkim_makes_keys_of_the_length_reported_as_next()
    {
        await using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true);
        await h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024), CancellationToken.None);
        await h.PublishRecordsAsync(Domain);
        Assert.That((await h.RunNextCheckAsync(Domain)).DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up: Easy DKIM 1024 verified");
        await h.Service.SetSigningAttributesAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: "s2048", PrivateKey: TestRsaKeys.Pkcs8Pem(2048)), CancellationToken.None);
        await h.PublishRecordsAsync(Domain);
        var byodkim = await h.RunNextCheckAsync(Domain);
        Assert.That(byodkim.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External), "set-up: switched to the customer's 2048-bit key");

        h.Time.Advance(h.Options.VerifyDomainDkimInterval);
        var tokens = await h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None);
        var back = await h.Service.SetSigningAttributesAsync(
            LifecycleHarness.AccountA, Domain, new DkimSigningRequest(DkimSigningOrigin.AwsSes), CancellationToken.None);

        Assert.That(byodkim.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa1024));
        Assert.That(back.PendingDkim!.Keys.Select(key => key.Selector), Is.EqualTo(tokens));
        Assert.That(back.PendingDkim.Keys.Select(key => key.KeyBits), Has.All.EqualTo((int)byodkim.NextSigningKeyLength),
            "the keys made are the length NextSigningKeyLength said");
        Assert.That(back.NextSigningKeyLength, Is.EqualTo(byodkim.NextSigningKeyLength));
    }
}

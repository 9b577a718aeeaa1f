using System.Text.RegularExpressions;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed partial class VerifyDomainDkimTests(StoreKind kind)
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync(storeKind: kind);

    [TearDown]
    public async Task DisposeHarness() => await (_h?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Test]
    public async Task It_makes_three_unique_base32_tokens_and_adds_the_domain_as_pending()
    {
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "Example.COM.", CancellationToken.None);

        Assert.That(tokens, Has.Count.EqualTo(3));
        Assert.That(tokens, Is.Unique);
        Assert.That(tokens, Has.All.Matches<string>(token => SesToken().IsMatch(token)));
        var identity = await _h.GetAsync("example.com");
        Assert.Multiple(() =>
        {
            Assert.That(identity.Type, Is.EqualTo(IdentityType.Domain));
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(identity.VerificationStatus, Is.EqualTo(VerificationStatus.NotStarted));
            Assert.That(identity.IsVerified, Is.False);
            Assert.That(identity.DkimOrigin, Is.EqualTo(DkimSigningOrigin.AwsSes));
            Assert.That(identity.DkimTokens, Is.EqualTo(tokens));
            Assert.That(identity.SigningKey, Is.EqualTo(identity.DkimKeys[0]));
            Assert.That(identity.PendingDkim, Is.Null);
            Assert.That(identity.LastKeyGeneration, Is.EqualTo(_h.Now));
            Assert.That(identity.NextCheck, Is.EqualTo(_h.Now), "the first check is due at once");
        });
        var listed = await _h.Service.ListAsync(LifecycleHarness.AccountA, CancellationToken.None);
        Assert.That(listed.Select(i => i.Name), Is.EqualTo(new[] { "example.com" }));
    }

    [Test]
    public async Task Its_keys_are_distinct_2048_bit_keys_by_default()
    {
        await using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true, storeKind: kind);

        await h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        var identity = await h.GetAsync("example.com");
        Assert.That(identity.DkimKeys.Select(key => key.KeyBits), Is.EqualTo(new[] { 2048, 2048, 2048 }));
        Assert.That(identity.DkimKeys.Select(key => key.PrivateKeyPem), Is.Unique);
        Assert.That(identity.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa2048));
    }

    [Test]
    public async Task A_second_call_after_the_throttle_interval_returns_the_same_tokens_and_keys()
    {
        var first = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);
        var keys = (await _h.GetAsync("example.com")).DkimKeys;
        _h.Time.Advance(TimeSpan.FromSeconds(1));

        var second = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        Assert.That(second, Is.EqualTo(first));
        Assert.That((await _h.GetAsync("example.com")).DkimKeys, Is.EqualTo(keys));
    }

    [Test]
    public async Task A_second_call_within_a_second_is_throttled_for_that_account_only()
    {
        await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMilliseconds(999));

        var sameDomain = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None));
        var otherDomain = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "other.test", CancellationToken.None));
        var otherAccount = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountB, "example.com", CancellationToken.None);

        Assert.That(sameDomain?.Kind, Is.EqualTo(IdentityErrorKind.Throttled));
        Assert.That(otherDomain?.Kind, Is.EqualTo(IdentityErrorKind.Throttled));
        Assert.That(otherAccount, Has.Count.EqualTo(3));
        Assert.That(await _h.Service.FindAsync(LifecycleHarness.AccountA, "other.test", CancellationToken.None), Is.Null,
            "a throttled call changes nothing");

        _h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "other.test", CancellationToken.None), Has.Count.EqualTo(3),
            "one second after the first call the account may call again");
    }

    [Test]
    public async Task The_one_call_per_second_holds_across_nodes()
    {
        var other = await _h.OpenOtherNodeAsync();
        var nodes = new[] { _h.Service, other.Service };

        // Twenty calls at one instant, ten through each node, each for a domain of its own.
        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await nodes[i % 2].VerifyDomainDkimAsync(LifecycleHarness.AccountA, $"d{i}.test", CancellationToken.None);
                return true;
            }
            catch (IdentityOperationException ex) when (ex.Kind == IdentityErrorKind.Throttled)
            {
                return false;
            }
        })));

        Assert.That(calls.Count(passed => passed), Is.EqualTo(1), "one call for the account, whichever node took it");
        _h.Time.Advance(_h.Options.VerifyDomainDkimInterval);
        Assert.That(await other.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "later.test", CancellationToken.None), Has.Count.EqualTo(3),
            "a second later, the next");
        Assert.That(await _h.Store.ListIdentitiesAsync(LifecycleHarness.AccountA, CancellationToken.None), Has.Count.EqualTo(2),
            "a throttled call changes nothing");
    }

    [Test]
    public async Task Asking_again_after_failed_restarts_pending_with_the_same_tokens()
    {
        var tokens = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);
        await _h.RunChecksAtAsync(_h.Now + _h.Options.PendingWindow + TimeSpan.FromMinutes(1));
        Assert.That((await _h.GetAsync("example.com")).DkimStatus, Is.EqualTo(VerificationStatus.Failed), "set-up");

        var again = await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        var identity = await _h.GetAsync("example.com");
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(tokens));
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(identity.DkimCheck.Since, Is.EqualTo(_h.Now), "a new wait begins");
            Assert.That(identity.DkimCheck.Attempts, Is.Zero);
            Assert.That(identity.NextCheck, Is.EqualTo(_h.Now));
        });
    }

    [TestCase("com")]
    [TestCase("-bad.example")]
    [TestCase("bad_label.example")]
    [TestCase("user@example.com")]
    [TestCase("")]
    [TestCase(" ")]
    public void A_malformed_domain_is_an_invalid_parameter(string domain)
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, domain, CancellationToken.None));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }

    [GeneratedRegex("^[a-z2-7]{32}$")]
    private static partial Regex SesToken();
}

using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Create, signing switches, deletion, and the account boundary.</summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class IdentityManagementTests(StoreKind kind)
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync(storeKind: kind);

    [TearDown]
    public async Task DisposeHarness() => await (_h?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Test]
    public async Task Enabling_signing_for_an_address_without_a_dkim_domain_is_refused()
    {
        await _h.Service.ConfirmEmailByOperatorAsync(LifecycleHarness.AccountA, "a@example.com", CancellationToken.None);
        await _h.Service.VerifyDomainIdentityAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, "a@example.com", true, CancellationToken.None));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That(refused?.Message, Is.EqualTo("Domain example.com is not verified for DKIM signing."));
    }

    [Test]
    public async Task Signing_for_an_address_can_be_switched_when_its_domain_has_dkim()
    {
        await _h.CreateSignedDomainAsync("example.com");
        await _h.Service.ConfirmEmailByOperatorAsync(LifecycleHarness.AccountA, "a@news.example.com", CancellationToken.None);

        var off = await _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, "a@news.example.com", false, CancellationToken.None);
        var resolvedOff = await new IdentityResolver(_h.Store).ResolveAsync(LifecycleHarness.AccountA, "a@news.example.com", CancellationToken.None);
        var on = await _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, "A@news.example.com", true, CancellationToken.None);
        var resolvedOn = await new IdentityResolver(_h.Store).ResolveAsync(LifecycleHarness.AccountA, "a@news.example.com", CancellationToken.None);

        Assert.That(off.SigningEnabled, Is.False);
        Assert.That(resolvedOff.SigningDomain, Is.Null, "the address's switch wins over its domain's");
        Assert.That(on.SigningEnabled, Is.True);
        Assert.That(resolvedOn.SigningDomain?.Name, Is.EqualTo("example.com"));
    }

    [Test]
    public async Task Signing_for_a_domain_can_be_switched_off_and_on()
    {
        await _h.CreateSignedDomainAsync("example.com");

        var off = await _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, "example.com", false, CancellationToken.None);
        var stored = await _h.GetAsync("example.com");
        var on = await _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, "example.com", true, CancellationToken.None);

        Assert.That(off.SigningEnabled, Is.False);
        Assert.That(stored.SigningEnabled, Is.False);
        Assert.That(on.SigningEnabled, Is.True);
    }

    [TestCase("example.com")]
    [TestCase("user@example.com")]
    public async Task Creating_an_identity_twice_is_already_exists(string name)
    {
        await _h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, name, null, CancellationToken.None);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(
            () => _h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, name.ToUpperInvariant(), null, CancellationToken.None));
        var otherAccount = await _h.Service.CreateIdentityAsync(LifecycleHarness.AccountB, name, null, CancellationToken.None);

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.AlreadyExists));
        Assert.That(otherAccount.AccountId, Is.EqualTo(LifecycleHarness.AccountB));
    }

    [Test]
    public async Task Creating_a_domain_makes_easy_dkim_keys_of_the_asked_length()
    {
        await using var h = await LifecycleHarness.CreateAsync(realKeyLengths: true, storeKind: kind);

        var created = await h.Service.CreateIdentityAsync(
            LifecycleHarness.AccountA, "example.com", new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024), CancellationToken.None);

        Assert.That(created.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(created.DkimKeys.Select(key => key.KeyBits), Is.EqualTo(new[] { 1024, 1024, 1024 }));
        Assert.That(created.NextSigningKeyLength, Is.EqualTo(DkimKeyLength.Rsa1024));
        Assert.That((await h.GetAsync("example.com")).DkimKeys, Is.EqualTo(created.DkimKeys));
    }

    [Test]
    public async Task Creating_an_address_sends_its_confirmation_link_and_refuses_dkim_attributes()
    {
        var created = await _h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, "user@example.com", null, CancellationToken.None);
        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.CreateIdentityAsync(
            LifecycleHarness.AccountA, "other@example.com", new DkimSigningRequest(DkimSigningOrigin.AwsSes), CancellationToken.None));

        Assert.That(created.VerificationStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(_h.Notifier.Confirmations.Select(c => c.Identity.Name), Is.EqualTo(new[] { "user@example.com" }));
        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }

    [Test]
    public async Task Another_accounts_identity_is_not_found()
    {
        await _h.CreateSignedDomainAsync("example.com");
        const string B = LifecycleHarness.AccountB;

        var found = await _h.Service.FindAsync(B, "example.com", CancellationToken.None);
        var listed = await _h.Service.ListAsync(B, CancellationToken.None);
        var signing = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.SetSigningEnabledAsync(B, "example.com", false, CancellationToken.None));
        var checkNow = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.CheckNowAsync(B, "example.com", CancellationToken.None));
        var rotate = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.RotateAsync(B, "example.com", CancellationToken.None));
        var attributes = Assert.ThrowsAsync<IdentityOperationException>(() => _h.Service.SetSigningAttributesAsync(
            B, "example.com", new DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024), CancellationToken.None));
        var deleted = await _h.Service.DeleteAsync(B, "example.com", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.Null);
            Assert.That(listed, Is.Empty);
            Assert.That(signing?.Kind, Is.EqualTo(IdentityErrorKind.NotFound));
            Assert.That(checkNow?.Kind, Is.EqualTo(IdentityErrorKind.NotFound));
            Assert.That(rotate?.Kind, Is.EqualTo(IdentityErrorKind.NotFound));
            Assert.That(attributes?.Kind, Is.EqualTo(IdentityErrorKind.NotFound));
            Assert.That(deleted, Is.False);
        });
        var untouched = await _h.GetAsync("example.com");
        Assert.That(untouched.SigningEnabled, Is.True);
        Assert.That(untouched.PendingDkim, Is.Null);
    }

    [Test]
    public async Task Deleting_a_domain_removes_it_and_the_records_relay_served_for_it()
    {
        var identity = await _h.CreateSignedDomainAsync("example.com");

        var deleted = await _h.Service.DeleteAsync(LifecycleHarness.AccountA, "Example.com", CancellationToken.None);

        Assert.That(deleted, Is.True);
        Assert.That(await _h.Service.FindAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None), Is.Null);
        Assert.That(await _h.Store.FindDkimRecordAsync(identity.DkimTokens[0], CancellationToken.None), Is.Null);
        Assert.That(await _h.Store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task An_identity_deleted_while_its_dns_check_is_in_flight_stays_deleted()
    {
        await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);
        _h.Dns.DuringNextLookup = () => _h.Service.DeleteAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        await _h.RunChecksAtAsync(_h.Now);

        Assert.That(await _h.Service.FindAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None), Is.Null,
            "the verifier must not bring a deleted identity back");
        Assert.That(await _h.Store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty, "nor serve its keys again");
    }

    [Test]
    public async Task A_signing_switch_changed_while_a_dns_check_is_in_flight_is_kept()
    {
        await _h.CreateSignedDomainAsync("example.com");
        _h.Dns.DuringNextLookup = () => _h.Service.SetSigningEnabledAsync(LifecycleHarness.AccountA, "example.com", false, CancellationToken.None);

        await _h.Service.CheckNowAsync(LifecycleHarness.AccountA, "example.com", CancellationToken.None);

        Assert.That((await _h.GetAsync("example.com")).SigningEnabled, Is.False, "the check's save must not undo the customer's change");
    }

    [Test]
    public async Task An_internationalised_domain_is_found_by_the_name_it_was_verified_with()
    {
        await _h.Service.VerifyDomainDkimAsync(LifecycleHarness.AccountA, "bücher.example", CancellationToken.None);

        var byALabel = await _h.Service.FindAsync(LifecycleHarness.AccountA, "xn--bcher-kva.example", CancellationToken.None);
        var byUnicode = await _h.Service.FindAsync(LifecycleHarness.AccountA, "bücher.example", CancellationToken.None);

        Assert.That(byALabel?.Name, Is.EqualTo("xn--bcher-kva.example"));
        Assert.That(byUnicode?.Name, Is.EqualTo("xn--bcher-kva.example"), "the name the customer used to create it");
    }
}

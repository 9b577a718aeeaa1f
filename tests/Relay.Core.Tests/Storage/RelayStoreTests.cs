using Relay.Core.Accounts;
using Relay.Core.Identities;
using System.Data.Common;
using Relay.Core.Storage;

namespace Relay.Core.Tests.Storage;

/// <summary>Accounts and identities, the same tests against each store.</summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class RelayStoreTests(StoreKind kind)
{
    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await StoreUnderTest.CreateAsync(kind);

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private Task<IRelayStore> OpenAsync() => _database!.OpenRelayStoreAsync();

    [Test]
    public async Task Accounts_and_identities_survive_reopening_the_database()
    {
        var store = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "acme", "acme-smtp", "hash", "ops@acme.test"), CancellationToken.None);
        var key = new SigningKey("s2048", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", 2048);
        await store.SaveIdentityAsync(
            new Identity("a1", "Example.COM", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, key),
            CancellationToken.None);

        var reopened = await OpenAsync();
        var account = await reopened.FindAccountBySmtpUserNameAsync("acme-smtp", CancellationToken.None);
        var identities = await reopened.ListIdentitiesAsync("a1", CancellationToken.None);

        Assert.That(account, Is.EqualTo(new Account("a1", "acme", "acme-smtp", "hash", "ops@acme.test")));
        Assert.That(identities, Has.Count.EqualTo(1));
        Assert.That(identities[0].Name, Is.EqualTo("example.com"));
        Assert.That(identities[0].SigningKey, Is.EqualTo(key));
        Assert.That(identities[0].DkimStatus, Is.EqualTo(VerificationStatus.Success));
    }

    [Test]
    public async Task Finding_identities_returns_only_the_accounts_own()
    {
        var store = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveAccountAsync(new Account("a2", "two", "u2", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a2", "example.com"), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a2", "other.test"), CancellationToken.None);

        var found = await store.FindIdentitiesAsync("a1", ["x@example.com", "example.com", "other.test"], CancellationToken.None);

        Assert.That(found.Select(i => (i.AccountId, i.Name)), Is.EqualTo(new[] { ("a1", "example.com") }));
    }

    [Test]
    public async Task Saving_an_identity_again_replaces_it_and_delete_removes_it()
    {
        var store = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com") with { DkimStatus = VerificationStatus.Failed }, CancellationToken.None);

        var listed = await store.ListIdentitiesAsync("a1", CancellationToken.None);
        var deleted = await store.DeleteIdentityAsync("a1", "EXAMPLE.com", CancellationToken.None);
        var deletedAgain = await store.DeleteIdentityAsync("a1", "example.com", CancellationToken.None);

        Assert.That(listed.Single().DkimStatus, Is.EqualTo(VerificationStatus.Failed));
        Assert.That(deleted, Is.True);
        Assert.That(deletedAgain, Is.False);
    }

    [Test]
    public async Task An_identity_for_an_unknown_account_is_refused()
    {
        var store = await OpenAsync();

        Assert.That(async () => await store.SaveIdentityAsync(Unsigned("ghost", "example.com"), CancellationToken.None),
            Throws.InstanceOf<DbException>());
    }

    private static Identity Unsigned(string account, string name) =>
        new(account, name, IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, null);
}

using System.Data.Common;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Core.Tests.Lifecycle;

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

    [Test]
    public async Task A_conditional_save_succeeds_only_on_the_version_read_and_not_after_a_delete()
    {
        var store = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        var read = (await store.ListIdentitiesAsync("a1", CancellationToken.None)).Single();

        var first = await store.TrySaveIdentityAsync(read with { DkimStatus = VerificationStatus.Failed }, CancellationToken.None);
        var stale = await store.TrySaveIdentityAsync(read with { DkimStatus = VerificationStatus.Pending }, CancellationToken.None);
        var saved = (await store.ListIdentitiesAsync("a1", CancellationToken.None)).Single();
        await store.DeleteIdentityAsync("a1", "example.com", CancellationToken.None);
        var afterDelete = await store.TrySaveIdentityAsync(saved, CancellationToken.None);

        Assert.That((first, stale, afterDelete), Is.EqualTo((true, false, false)));
        Assert.That((saved.DkimStatus, saved.Version), Is.EqualTo((VerificationStatus.Failed, read.Version + 1)));
        Assert.That(await store.ListIdentitiesAsync("a1", CancellationToken.None), Is.Empty, "a deleted identity stays deleted");
    }

    [Test]
    public async Task An_add_if_absent_adds_a_new_identity_and_leaves_an_existing_one_as_it_is()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);

        var added = await store.TryAddIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        var again = await other.TryAddIdentityAsync(Unsigned("a1", "example.com") with { DkimStatus = VerificationStatus.Failed }, CancellationToken.None);

        Assert.That((added, again), Is.EqualTo((true, false)));
        var stored = (await store.ListIdentitiesAsync("a1", CancellationToken.None)).Single();
        Assert.That((stored.DkimStatus, stored.Version), Is.EqualTo((Unsigned("a1", "example.com").DkimStatus, 0L)), "the second add changed nothing");
    }

    [Test]
    public async Task Of_two_conditional_saves_of_one_version_through_two_store_instances_at_once_exactly_one_wins()
    {
        var store = await OpenAsync();
        var other = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        var read = (await store.ListIdentitiesAsync("a1", CancellationToken.None)).Single();

        var results = await Task.WhenAll(
            Task.Run(() => store.TrySaveIdentityAsync(read with { DkimStatus = VerificationStatus.Failed }, CancellationToken.None)),
            Task.Run(() => other.TrySaveIdentityAsync(read with { DkimStatus = VerificationStatus.Pending }, CancellationToken.None)));

        Assert.That(results.Count(won => won), Is.EqualTo(1));
        Assert.That((await store.ListIdentitiesAsync("a1", CancellationToken.None)).Single().Version, Is.EqualTo(read.Version + 1));
    }

    [Test]
    public async Task Saving_an_identity_again_keeps_its_tags()
    {
        var store = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        await store.AddTagsAsync("a1", "example.com", [new IdentityTag("team", "billing")], maxTags: 50, CancellationToken.None);

        await store.SaveIdentityAsync(Unsigned("a1", "example.com") with { DkimStatus = VerificationStatus.Failed }, CancellationToken.None);

        Assert.That(await store.ListTagsAsync("a1", "EXAMPLE.com", CancellationToken.None), Is.EqualTo(new[] { new IdentityTag("team", "billing") }));
        Assert.That(await store.ListTagsAsync("a1", "absent.test", CancellationToken.None), Is.Null);
        Assert.That(await store.AddTagsAsync("a1", "example.com", [new("a", "1"), new("b", "2")], maxTags: 2, CancellationToken.None),
            Is.EqualTo(IdentityTagChange.TooManyTags));
        Assert.That(await store.ListTagsAsync("a1", "example.com", CancellationToken.None), Has.Count.EqualTo(1), "a refused change adds nothing");
    }

    [Test]
    public async Task Two_tag_changes_at_once_through_two_store_instances_cannot_pass_the_limit_between_them()
    {
        // The outcome under a real race; whether the two overlap is up to the scheduler, so PostgresLockingTests
        // shows deterministically that PostgreSQL's store takes the identity's lock.
        var store = await OpenAsync();
        var other = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com"), CancellationToken.None);
        IdentityTag[] Tags(string prefix) => Enumerable.Range(0, 30).Select(i => new IdentityTag($"{prefix}{i}", "v")).ToArray();

        var results = await Task.WhenAll(
            Task.Run(() => store.AddTagsAsync("a1", "example.com", Tags("a"), maxTags: 50, CancellationToken.None)),
            Task.Run(() => other.AddTagsAsync("a1", "example.com", Tags("b"), maxTags: 50, CancellationToken.None)));

        Assert.That(results, Is.EquivalentTo(new[] { IdentityTagChange.Saved, IdentityTagChange.TooManyTags }));
        Assert.That(await store.ListTagsAsync("a1", "example.com", CancellationToken.None), Has.Count.EqualTo(30));
    }

    [Test]
    public async Task Dkim_private_keys_are_not_in_the_database_in_plain_text()
    {
        var store = await OpenAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        var key = new RsaDkimKeyFactory().Import("s1", TestRsaKeys.Pkcs8Pem(1024));
        var easy = new RsaDkimKeyFactory().Generate("t1" + new string('a', 30), DkimKeyLength.Rsa1024);
        await store.SaveIdentityAsync(Unsigned("a1", "example.com") with { SigningKey = key, DkimKeys = [key], DkimOrigin = DkimSigningOrigin.External },
            CancellationToken.None);
        await store.SaveIdentityAsync(Unsigned("a1", "easy.test") with { SigningKey = easy, DkimKeys = [easy], DkimOrigin = DkimSigningOrigin.AwsSes },
            CancellationToken.None);

        var contents = await _database!.RawContentsAsync();
        var read = await (await OpenAsync()).ListIdentitiesAsync("a1", CancellationToken.None);

        Assert.That(contents, Does.Contain("relay-sealed:1:"), "the dump holds the sealed keys");
        foreach (var pem in new[] { key.PrivateKeyPem, easy.PrivateKeyPem })
        {
            var body = pem.Split('\n')[1];
            Assert.That(contents, Does.Not.Contain(body));
        }

        Assert.That(read.Select(identity => identity.SigningKey), Is.EquivalentTo(new[] { key, easy }));
    }

    private static Identity Unsigned(string account, string name) =>
        new(account, name, IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, null);
}

using Relay.Core.Accounts;

namespace Relay.Core.Tests.Storage;

/// <summary>Access keys in each store: secrets round-trip and are encrypted at rest; listing and revocation.</summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class AccessKeyStoreTests(StoreKind kind)
{
    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await StoreUnderTest.CreateAsync(kind);
        var accounts = await _database.OpenRelayStoreAsync();
        await accounts.SaveAccountAsync(new Account("shop", "shop", "shop", "x", null), CancellationToken.None);
        await accounts.SaveAccountAsync(new Account("other", "other", "other", "x", null), CancellationToken.None);
    }

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    [Test]
    public async Task A_key_round_trips_through_a_reopened_store_and_its_secret_is_not_in_the_database()
    {
        var store = await _database!.OpenAccessKeyStoreAsync();
        var key = AccessKeyGenerator.Create("shop", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        await store.AddAsync(key, CancellationToken.None);

        Assert.That(await (await _database.OpenAccessKeyStoreAsync()).FindAsync(key.Id, CancellationToken.None), Is.EqualTo(key));
        var contents = await _database.RawContentsAsync();
        Assert.That(contents, Does.Contain(key.Id), "the dump holds the row");
        Assert.That(contents, Does.Not.Contain(key.Secret));
        Assert.That(contents, Does.Not.Contain(Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(key.Secret))), "nor as bytea hex");
    }

    [Test]
    public async Task Keys_are_listed_per_account_and_revoked_once()
    {
        var store = await _database!.OpenAccessKeyStoreAsync();
        var shop = AccessKeyGenerator.Create("shop", DateTimeOffset.UnixEpoch);
        var other = AccessKeyGenerator.Create("other", DateTimeOffset.UnixEpoch.AddSeconds(1));
        await store.AddAsync(shop, CancellationToken.None);
        await store.AddAsync(other, CancellationToken.None);

        Assert.That((await store.ListAsync("shop", CancellationToken.None)).Select(k => k.Id), Is.EqualTo(new[] { shop.Id }));
        Assert.That((await store.ListAsync(null, CancellationToken.None)).Select(k => k.Id), Is.EqualTo(new[] { shop.Id, other.Id }));
        Assert.That(await store.RevokeAsync(shop.Id, DateTimeOffset.UnixEpoch.AddDays(1), CancellationToken.None), Is.True);
        Assert.That(await store.RevokeAsync(shop.Id, DateTimeOffset.UnixEpoch.AddDays(2), CancellationToken.None), Is.False);
        Assert.That((await store.FindAsync(shop.Id, CancellationToken.None))!.Revoked, Is.EqualTo(DateTimeOffset.UnixEpoch.AddDays(1)));
    }
}

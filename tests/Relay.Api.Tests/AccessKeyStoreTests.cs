using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Relay.Core.Accounts;
using Relay.Core.Storage;

namespace Relay.Api.Tests;

/// <summary>Access keys in SQLite: secrets round-trip but are encrypted at rest under an owner-only key file.</summary>
public sealed class AccessKeyStoreTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("relay-access-keys-").FullName;

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task A_key_round_trips_and_its_secret_is_not_in_the_database_file()
    {
        var (store, database) = await OpenAsync();
        var key = AccessKeyGenerator.Create("shop", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        await store.AddAsync(key, CancellationToken.None);

        Assert.That(await store.FindAsync(key.Id, CancellationToken.None), Is.EqualTo(key));
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(database);
        Assert.That(Encoding.ASCII.GetString(bytes), Does.Not.Contain(key.Secret));
        var wal = database + "-wal";
        if (File.Exists(wal))
        {
            Assert.That(Encoding.ASCII.GetString(await File.ReadAllBytesAsync(wal)), Does.Not.Contain(key.Secret));
        }
    }

    [Test]
    public async Task Keys_are_listed_per_account_and_revoked_once()
    {
        var (store, _) = await OpenAsync();
        var shop = AccessKeyGenerator.Create("shop", DateTimeOffset.UnixEpoch);
        var other = AccessKeyGenerator.Create("other", DateTimeOffset.UnixEpoch.AddSeconds(1));
        await store.AddAsync(shop, CancellationToken.None);
        await store.AddAsync(other, CancellationToken.None);

        Assert.That((await store.ListAsync("shop", CancellationToken.None)).Select(k => k.Id), Is.EqualTo(new[] { shop.Id }));
        Assert.That((await store.ListAsync(null, CancellationToken.None)).Select(k => k.Id), Is.EqualTo(new[] { shop.Id, other.Id }));
        Assert.That(await store.RevokeAsync(shop.Id, DateTimeOffset.UnixEpoch.AddDays(1), CancellationToken.None), Is.True);
        Assert.That(await store.RevokeAsync(shop.Id, DateTimeOffset.UnixEpoch.AddDays(2), CancellationToken.None), Is.False);
        Assert.That((await store.FindAsync(shop.Id, CancellationToken.None))!.IsActive, Is.False);
    }

    [Test]
    [Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_file_is_owner_only_and_reused()
    {
        var path = Path.Combine(_folder, "keys", "access-keys.key");

        var first = AccessKeySecretCipher.LoadOrCreate(path);
        var second = AccessKeySecretCipher.LoadOrCreate(path);

        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(second.Decrypt("id", first.Encrypt("id", "secret")), Is.EqualTo("secret"));
    }

    [Test]
    public void A_ciphertext_does_not_decrypt_under_another_key_id_or_after_tampering()
    {
        var cipher = AccessKeySecretCipher.LoadOrCreate(Path.Combine(_folder, "k.key"));
        var stored = cipher.Encrypt("RELAYAAAA", "secret");
        var tampered = (byte[])stored.Clone();
        tampered[^1] ^= 1;

        Assert.Throws(Is.InstanceOf<CryptographicException>(), () => cipher.Decrypt("RELAYBBBB", stored));
        Assert.Throws(Is.InstanceOf<CryptographicException>(), () => cipher.Decrypt("RELAYAAAA", tampered));
    }

    [Test]
    public void Generated_keys_look_like_aws_keys_with_relays_prefix()
    {
        var key = AccessKeyGenerator.Create("shop", DateTimeOffset.UnixEpoch);

        Assert.That(key.Id, Does.Match("^RELAY[A-Z2-7]{15}$"));
        Assert.That(key.Secret, Has.Length.EqualTo(40));
        Assert.That(key.ToString(), Does.Not.Contain(key.Secret));
    }

    private async Task<(SqliteAccessKeyStore Store, string Database)> OpenAsync()
    {
        var database = Path.Combine(_folder, "relay.db");
        var accounts = await SqliteRelayStore.OpenAsync(database, CancellationToken.None);
        await accounts.SaveAccountAsync(new Account("shop", "shop", "shop", "x", null), CancellationToken.None);
        await accounts.SaveAccountAsync(new Account("other", "other", "other", "x", null), CancellationToken.None);
        var cipher = AccessKeySecretCipher.LoadOrCreate(Path.Combine(_folder, "keys", "access-keys.key"));
        return (await SqliteAccessKeyStore.OpenAsync(database, cipher, CancellationToken.None), database);
    }
}

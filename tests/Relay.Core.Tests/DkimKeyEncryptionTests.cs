using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Storage;

namespace Relay.Core.Tests;

/// <summary>
/// Issue 14 item 6: customers' DKIM private keys are encrypted at rest under the data folder's key, in the
/// private_key_pem column and in the lifecycle JSON; rows written before that are read and encrypted on open.
/// </summary>
public sealed class DkimKeyEncryptionTests
{
    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "relay.db");

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("relay-keys-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Plaintext_rows_of_an_older_database_are_read_and_encrypted_when_the_store_opens()
    {
        var store = await SqliteRelayStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.SaveAccountAsync(new Account("a1", "acme", "acme-smtp", "hash", null), CancellationToken.None);
        var identity = WithEveryKind(new Identity("a1", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, Key("cur")));
        await store.SaveIdentityAsync(identity, CancellationToken.None);
        await WriteAsOlderVersionAsync(identity);
        Assert.That(await AllTextAsync(), Does.Contain("PRIVATE KEY"), "set-up: the row is plaintext, as an older Relay wrote it");
        SqliteConnection.ClearAllPools();

        var reopened = await SqliteRelayStore.OpenAsync(DatabasePath, CancellationToken.None);

        Assert.That(await AllTextAsync(), Does.Not.Contain("PRIVATE KEY").And.Not.Contain(Base64Line(identity.SigningKey!)));
        var read = (await reopened.ListIdentitiesAsync("a1", CancellationToken.None)).Single();
        Assert.That(Pems(read), Is.EqualTo(Pems(identity)), "every key reads back as it was");
        Assert.That(read.Version, Is.EqualTo((await ReadVersionAsync())), "the version is the row's");
    }

    [Test]
    public async Task A_sealed_key_copied_into_another_identitys_row_does_not_decrypt()
    {
        var store = await SqliteRelayStore.OpenAsync(DatabasePath, CancellationToken.None);
        await store.SaveAccountAsync(new Account("a1", "acme", "acme-smtp", "hash", null), CancellationToken.None);
        await store.SaveAccountAsync(new Account("a2", "evil", "evil-smtp", "hash", null), CancellationToken.None);
        await store.SaveIdentityAsync(new Identity("a1", "bank.test", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, Key("s1")), CancellationToken.None);
        await store.SaveIdentityAsync(new Identity("a2", "evil.test", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, Key("s1")), CancellationToken.None);
        // Opened once for its own identity first: the store remembers opened keys, but only under their own binding.
        Assert.That(await store.ListIdentitiesAsync("a1", CancellationToken.None), Has.Count.EqualTo(1));
        await ExecuteAsync(
            "UPDATE identities SET private_key_pem = (SELECT private_key_pem FROM identities WHERE account_id = 'a1'), lifecycle = NULL WHERE account_id = 'a2';");

        Assert.That(async () => await store.ListIdentitiesAsync("a2", CancellationToken.None), Throws.InstanceOf<CryptographicException>());
    }

    private static Identity WithEveryKind(Identity identity) => identity with
    {
        DkimKeys = [identity.SigningKey!, Key("two")],
        PendingDkim = new DkimKeyChange(DkimSigningOrigin.AwsSes, [Key("next")], DnsCheckState.Idle),
        RetiredDkim = new RetiredDkimKeys([Key("old")], DateTimeOffset.UnixEpoch),
    };

    private static SigningKey Key(string selector)
    {
        using var rsa = RSA.Create(1024);
        return new SigningKey(selector, rsa.ExportPkcs8PrivateKeyPem(), 1024);
    }

    private static string Base64Line(SigningKey key) => key.PrivateKeyPem.Split('\n', StringSplitOptions.TrimEntries)[2];

    private static List<string> Pems(Identity identity) =>
        new[] { identity.SigningKey! }.Concat(identity.DkimKeys).Concat(identity.PendingDkim!.Keys).Concat(identity.RetiredDkim!.Keys)
            .Select(key => $"{key.Selector} {key.PrivateKeyPem}").ToList();

    /// <summary>The row as Relay wrote it before keys were encrypted: the PEM in the column and in the lifecycle JSON.</summary>
    private Task WriteAsOlderVersionAsync(Identity identity) =>
        ExecuteAsync(
            "UPDATE identities SET private_key_pem = $key, lifecycle = $lifecycle;",
            ("$key", identity.SigningKey!.PrivateKeyPem),
            ("$lifecycle", JsonSerializer.Serialize(IdentityLifecycleRecord.From(identity), IdentityLifecycleJson.Default.IdentityLifecycleRecord)));

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ReadVersionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM identities;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every text value of the identities table, joined.</summary>
    private async Task<string> AllTextAsync()
    {
        var text = new StringBuilder();
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM identities;";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            for (var column = 0; column < reader.FieldCount; column++)
            {
                text.Append(reader.GetValue(column)).Append('\n');
            }
        }

        return text.ToString();
    }
}

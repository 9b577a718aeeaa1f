using Microsoft.Data.Sqlite;
using Relay.Core.Identities;
using Relay.Core.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>SQLite only: a database written by the first release opens, migrates and still signs (PostgreSQL has no such past).</summary>
public sealed class SqliteLegacySchemaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private string _directory = null!;

    private string DatabasePath => Path.Combine(_directory, "relay.db");

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("relay-lifecycle-store-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_database_from_the_first_schema_opens_and_its_identity_reads_as_byodkim_with_one_key()
    {
        var legacyKey = TestRsaKeys.Pkcs8Pem(1024);
        await CreateFirstSchemaDatabaseAsync(legacyKey);

        var store = await SqliteRelayStore.OpenAsync(DatabasePath, CancellationToken.None);
        var identities = await store.ListIdentitiesAsync("a1", CancellationToken.None);
        var identity = identities.Single(i => i.Name == "example.com");
        var address = identities.Single(i => i.Name == "user@example.com");

        Assert.Multiple(() =>
        {
            Assert.That(identity.Name, Is.EqualTo("example.com"));
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(identity.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(identity.SigningKey, Is.EqualTo(new SigningKey("s2020", legacyKey, 1024)));
            Assert.That(identity.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External));
            Assert.That(identity.DkimKeys, Is.EqualTo(new[] { identity.SigningKey }));
            Assert.That(identity.PendingDkim, Is.Null);
            Assert.That(identity.NextCheck, Is.Null);
            Assert.That(address.VerificationStatus, Is.EqualTo(VerificationStatus.Success));
            Assert.That(address.DkimKeys, Is.Empty);
        });
        Assert.That(await store.ClaimIdentitiesDueAsync(T0.AddYears(10), T0.AddYears(10).AddMinutes(5), 10, CancellationToken.None), Is.Empty);
        Assert.That(await store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty);
        var resolution = IdentityResolver.Resolve(IdentityNames.CandidatesFor("a@example.com"), [identity]);
        Assert.That(resolution.SigningDomain?.SigningKey?.Selector, Is.EqualTo("s2020"), "it still signs");
    }

    /// <summary>The schema as the first release wrote it (user_version 1), with one operator-keyed domain.</summary>
    private async Task CreateFirstSchemaDatabaseAsync(string privateKeyPem)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE accounts (
                id                 TEXT PRIMARY KEY,
                name               TEXT NOT NULL UNIQUE,
                smtp_user          TEXT NOT NULL UNIQUE,
                smtp_password_hash TEXT NOT NULL,
                contact            TEXT
            );
            CREATE TABLE identities (
                account_id          TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                name                TEXT NOT NULL,
                type                TEXT NOT NULL,
                verification_status TEXT NOT NULL,
                dkim_status         TEXT NOT NULL,
                signing_enabled     INTEGER NOT NULL,
                selector            TEXT,
                private_key_pem     TEXT,
                key_bits            INTEGER,
                PRIMARY KEY (account_id, name)
            );
            INSERT INTO accounts VALUES ('a1', 'one', 'u1', 'hash', NULL);
            INSERT INTO identities VALUES ('a1', 'example.com', 'Domain', 'Success', 'Success', 1, 's2020', $key, 1024);
            INSERT INTO identities VALUES ('a1', 'user@example.com', 'EmailAddress', 'Success', 'NotStarted', 1, NULL, NULL, NULL);
            PRAGMA user_version = 1;
            """;
        command.Parameters.AddWithValue("$key", privateKeyPem);
        await command.ExecuteNonQueryAsync();
    }
}

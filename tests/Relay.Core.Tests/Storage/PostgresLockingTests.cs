using System.Security.Cryptography;
using Npgsql;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Storage;
using Relay.Core.Storage.Postgres;

namespace Relay.Core.Tests.Storage;

/// <summary>
/// PostgreSQL only: a tag change holds the identity's row lock from its check to its count, so a change by another
/// node (played here by the test's own transaction, which holds the lock first) is waited for and counted.
/// </summary>
public sealed class PostgresLockingTests
{
    private string _connectionString = null!;
    private PostgresDatabase? _database;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        _connectionString = await (await PostgresTestCluster.GetAsync()).CreateDatabaseAsync();
        var directory = Directory.CreateTempSubdirectory("relay-kek-").FullName;
        var key = Path.Combine(directory, "kek");
        await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
        var cipher = DataFolderCipher.Load(key);
        Directory.Delete(directory, recursive: true);
        _database = await PostgresDatabase.OpenAsync(_connectionString, cipher, logger: null, CancellationToken.None);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Test]
    public async Task A_tag_change_waits_for_another_nodes_change_to_the_same_identity_and_counts_its_tags()
    {
        var store = new PostgresRelayStore(_database!);
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveIdentityAsync(
            new Identity("a1", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, null),
            CancellationToken.None);
        await using var otherNode = new NpgsqlConnection(_connectionString);
        await otherNode.OpenAsync();
        await using var change = await otherNode.BeginTransactionAsync();
        // FOR NO KEY UPDATE: the weakest row lock that the store's FOR UPDATE waits for and that the foreign-key checks
        // of plain tag inserts (FOR KEY SHARE) do not, so a store that took no lock of its own would run straight through.
        await ExecuteAsync(otherNode, change, "SELECT 1 FROM identities WHERE account_id = 'a1' AND name = 'example.com' FOR NO KEY UPDATE;");
        await ExecuteAsync(otherNode, change,
            "INSERT INTO identity_tags (account_id, identity, key, value) SELECT 'a1', 'example.com', 'b' || i, 'v' FROM generate_series(1, 30) i;");

        var adding = store.AddTagsAsync("a1", "example.com",
            Enumerable.Range(1, 30).Select(i => new IdentityTag($"a{i}", "v")).ToArray(), maxTags: 50, CancellationToken.None);
        await WaitUntilBlockedAsync(_connectionString, adding);
        Assert.That(adding.IsCompleted, Is.False, "it waits for the other change");
        await change.CommitAsync();

        Assert.That(await adding, Is.EqualTo(IdentityTagChange.TooManyTags));
        Assert.That(await store.ListTagsAsync("a1", "example.com", CancellationToken.None), Has.Count.EqualTo(30));
    }

    /// <summary>Until a session of this database waits on a lock (the store's, queued behind the test's transaction).</summary>
    private static async Task WaitUntilBlockedAsync(string connectionString, Task adding)
    {
        // A connection of its own: inside a transaction, pg_stat_activity is read once and then stays as it was.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", connection);
        var deadline = Environment.TickCount64 + 30_000;
        while (!adding.IsCompleted && (long)(await command.ExecuteScalarAsync() ?? 0L) == 0)
        {
            Assert.That(Environment.TickCount64, Is.LessThan(deadline), "the tag change did not wait on the identity's lock within 30 s");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}

using System.Security.Cryptography;
using Npgsql;
using Relay.Core.Accounts;
using Relay.Core.Storage;
using Relay.Core.Storage.Postgres;

namespace Relay.Core.Tests.Storage;

/// <summary>PostgreSQL only: migrations when several nodes start at once, and a node older than the schema.</summary>
public sealed class PostgresSchemaTests
{
    private static readonly DataFolderCipher Cipher = CreateCipher();

    private string _connectionString = null!;
    private readonly List<PostgresDatabase> _opened = [];

    [SetUp]
    public async Task CreateDatabaseAsync() => _connectionString = await (await PostgresTestCluster.GetAsync()).CreateDatabaseAsync();

    [TearDown]
    public async Task CloseAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }
    }

    [Test]
    public async Task Two_nodes_starting_at_once_on_an_empty_database_both_open_it_and_the_schema_is_made_once()
    {
        // The test holds the migration lock, so that both nodes are certainly inside their migration together,
        // queued on the lock, before either can start creating tables.
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({PostgresSchema.MigrationLock});");

        var first = OpenAsync(PostgresSchema.Migrations);
        var second = OpenAsync(PostgresSchema.Migrations);
        await WaitForWaitersAsync(holder, 2);
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({PostgresSchema.MigrationLock});");
        var nodes = await Task.WhenAll(first, second);

        Assert.That(await AppliedAsync(), Is.EqualTo(Enumerable.Range(1, PostgresSchema.Migrations.Length)), "each migration recorded once");
        await new PostgresRelayStore(nodes[0]).SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        Assert.That((await new PostgresRelayStore(nodes[1]).FindAccountByIdAsync("a1", CancellationToken.None))?.Name, Is.EqualTo("one"),
            "both nodes work on the one schema");
    }

    [Test]
    public async Task A_node_whose_code_knows_fewer_migrations_refuses_the_database_with_one_line_and_writes_nothing()
    {
        await OpenAsync(PostgresSchema.Migrations);

        var refused = Assert.ThrowsAsync<StoreSchemaTooNewException>(() => OpenAsync(PostgresSchema.Migrations[..^1]));

        var known = PostgresSchema.Migrations.Length;
        Assert.That(refused!.Message, Is.EqualTo(
            $"The database schema is at version {known}, newer than this Relay knows ({known - 1}): upgrade this node before starting it."));
        Assert.That(await AppliedAsync(), Is.EqualTo(Enumerable.Range(1, known)));
    }

    [Test]
    public async Task A_newer_node_applies_only_the_migrations_the_database_lacks()
    {
        await OpenAsync(PostgresSchema.Migrations[..^2]);
        var before = await AppliedAsync();

        await OpenAsync(PostgresSchema.Migrations);

        Assert.That(before, Is.EqualTo(Enumerable.Range(1, PostgresSchema.Migrations.Length - 2)));
        Assert.That(await AppliedAsync(), Is.EqualTo(Enumerable.Range(1, PostgresSchema.Migrations.Length)));
    }

    private async Task<PostgresDatabase> OpenAsync(string[] migrations)
    {
        var database = await PostgresDatabase.OpenAsync(_connectionString, Cipher, migrations, logger: null, CancellationToken.None);
        _opened.Add(database);
        return database;
    }

    private async Task<List<int>> AppliedAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM relay_schema ORDER BY version;", connection);
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static async Task WaitForWaitersAsync(NpgsqlConnection connection, int count)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = " +
            "(SELECT oid FROM pg_database WHERE datname = current_database());", connection);
        var deadline = Environment.TickCount64 + 30_000;
        while ((long)(await command.ExecuteScalarAsync() ?? 0L) < count)
        {
            Assert.That(Environment.TickCount64, Is.LessThan(deadline), $"{count} nodes did not queue on the migration lock within 30 s");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static DataFolderCipher CreateCipher()
    {
        var directory = Directory.CreateTempSubdirectory("relay-kek-").FullName;
        try
        {
            var key = Path.Combine(directory, "kek");
            File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(32));
            return DataFolderCipher.Load(key);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

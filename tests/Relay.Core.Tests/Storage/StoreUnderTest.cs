using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Relay.Core.Accounts;
using Relay.Core.Quotas;
using Relay.Core.Storage;
using Relay.Core.Storage.Postgres;
using Relay.Core.Suppression;
using Relay.Testing;

namespace Relay.Core.Tests.Storage;

/// <summary>
/// One empty database of one kind for one test. Each Open… call opens it again, as a restarted process (or another
/// node) would: a new SQLite connection pool on the same file, or a new PostgreSQL data source on the same database.
/// </summary>
public abstract class StoreUnderTest : IAsyncDisposable
{
    /// <summary>A fresh database: a temporary folder for SQLite, a new database in the test run's cluster for PostgreSQL.</summary>
    public static async Task<StoreUnderTest> CreateAsync(StoreKind kind) => kind switch
    {
        StoreKind.Sqlite => new SqliteUnderTest(),
        StoreKind.Postgres => await PostgresUnderTest.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The tear-down's half: nothing to do when the set-up skipped the test before the database was made.</summary>
    public static ValueTask DisposeAsync(StoreUnderTest? database) => database?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The relay store; its history rows stamped and bounded as <paramref name="history"/> says (default: the system clock, 200).</summary>
    public abstract Task<IRelayStore> OpenRelayStoreAsync(IdentityHistoryOptions? history = null);

    public abstract Task<ISendingQuotaStore> OpenQuotaStoreAsync();

    public abstract Task<ISuppressionStore> OpenSuppressionStoreAsync();

    public abstract Task<IAccessKeyStore> OpenAccessKeyStoreAsync();

    /// <summary>Everything the database holds as an attacker with a copy would read it: the files' bytes, or a pg_dump.</summary>
    public abstract Task<string> RawContentsAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>The SQLite file, for tests that read what is stored; null for PostgreSQL.</summary>
    public virtual string? SqlitePath => null;

    private sealed class SqliteUnderTest : StoreUnderTest
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("relay-store-").FullName;

        public override string? SqlitePath => DatabasePath;

        private string DatabasePath => Path.Combine(_directory, "relay.db");

        public override async Task<IRelayStore> OpenRelayStoreAsync(IdentityHistoryOptions? history = null) =>
            await SqliteRelayStore.OpenAsync(DatabasePath, history ?? IdentityHistoryOptions.Default, CancellationToken.None);

        public override async Task<ISendingQuotaStore> OpenQuotaStoreAsync() => await SqliteSendingQuotaStore.OpenAsync(DatabasePath, CancellationToken.None);

        public override async Task<ISuppressionStore> OpenSuppressionStoreAsync() => await SqliteSuppressionStore.OpenAsync(DatabasePath, CancellationToken.None);

        public override async Task<IAccessKeyStore> OpenAccessKeyStoreAsync() =>
            await SqliteAccessKeyStore.OpenAsync(
                DatabasePath, AccessKeySecretCipher.LoadOrCreate(DataFolderCipher.KeyFileFor(DatabasePath)), CancellationToken.None);

        public override async Task<string> RawContentsAsync()
        {
            SqliteConnection.ClearAllPools();
            var files = new[] { DatabasePath, DatabasePath + "-wal" }.Where(File.Exists);
            var contents = new System.Text.StringBuilder();
            foreach (var file in files)
            {
                contents.Append(System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file)));
            }

            return contents.ToString();
        }

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresUnderTest(PostgresCluster cluster, string connectionString, DataFolderCipher cipher) : StoreUnderTest
    {
        private readonly List<PostgresDatabase> _opened = [];

        public static async Task<StoreUnderTest> CreateAsync()
        {
            var cluster = await PostgresTestCluster.GetAsync();
            var key = Path.Combine(Directory.CreateTempSubdirectory("relay-kek-").FullName, "kek");
            await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
            var cipher = DataFolderCipher.Load(key);
            Directory.Delete(Path.GetDirectoryName(key)!, recursive: true);
            return new PostgresUnderTest(cluster, await cluster.CreateDatabaseAsync(), cipher);
        }

        public override async Task<IRelayStore> OpenRelayStoreAsync(IdentityHistoryOptions? history = null) => new PostgresRelayStore(await OpenAsync(), history);

        public override async Task<ISendingQuotaStore> OpenQuotaStoreAsync() => new PostgresSendingQuotaStore(await OpenAsync());

        public override async Task<ISuppressionStore> OpenSuppressionStoreAsync() => new PostgresSuppressionStore(await OpenAsync());

        public override async Task<IAccessKeyStore> OpenAccessKeyStoreAsync() => new PostgresAccessKeyStore(await OpenAsync());

        private async Task<PostgresDatabase> OpenAsync()
        {
            var database = await PostgresDatabase.OpenAsync(connectionString, cipher, logger: null, CancellationToken.None);
            _opened.Add(database);
            return database;
        }

        public override Task<string> RawContentsAsync() => cluster.DumpAsync(connectionString);

        public override async ValueTask DisposeAsync()
        {
            foreach (var database in _opened)
            {
                await database.DisposeAsync();
            }
        }
    }
}

using Microsoft.Data.Sqlite;

namespace Relay.Core.Storage;

/// <summary>The one SQLite file every store uses: how it is opened, created (owner only, with its -wal and -shm) and migrated.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    private SqliteDatabase(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens (creating and migrating when needed) the database at <paramref name="path"/>.</summary>
    public static async Task<SqliteDatabase> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            OwnerOnly.CreateDirectory(directory);
        }

        // The database holds customers' DKIM keys (encrypted) and account data: owner only. SQLite creates the -wal
        // and -shm files with the database file's mode, so a database file made 0600 here keeps them 0600 too.
        try
        {
            new FileStream(path, OwnerOnly.FileOptions(FileMode.CreateNew, FileAccess.Write)).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
            // There already: made by an earlier run, or by another process just now.
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            OwnerOnly.RestrictFile(file);
        }

        var database = new SqliteDatabase(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
            // Set by the provider as each pooled connection opens, not by a PRAGMA round trip on every use.
            ForeignKeys = true,
        }.ToString());
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await SqliteSchema.MigrateAsync(connection, cancellationToken);
        return database;
    }

    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

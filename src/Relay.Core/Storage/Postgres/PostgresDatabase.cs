using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Relay.Core.Storage.Postgres;

/// <summary>
/// The one PostgreSQL database every node and every store uses: its connection pool, migrated when opened. Secrets
/// in it are encrypted under <see cref="Cipher"/>, a key every node is given (never kept in the database).
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The default of <c>Relay:Store:CommandTimeout</c>: short enough that an SMTP client gets its 451 long before it gives up.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource, DataFolderCipher cipher)
    {
        _dataSource = dataSource;
        Cipher = cipher;
    }

    /// <summary>The key-encryption key: DKIM private keys and access-key secrets are stored under it.</summary>
    public DataFolderCipher Cipher { get; }

    /// <summary>Connects to <paramref name="connectionString"/> and applies the migrations the database lacks.</summary>
    /// <exception cref="StoreSchemaTooNewException">The database was migrated by a newer Relay.</exception>
    public static Task<PostgresDatabase> OpenAsync(
        string connectionString, DataFolderCipher cipher, ILogger? logger, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, cipher, DefaultCommandTimeout, PostgresSchema.Migrations, logger, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(string, DataFolderCipher, ILogger?, CancellationToken)"/>; <paramref name="commandTimeout"/>
    /// bounds every wait for a connection and every statement (it replaces the connection string's Timeout and Command Timeout).
    /// </summary>
    public static Task<PostgresDatabase> OpenAsync(
        string connectionString, DataFolderCipher cipher, TimeSpan commandTimeout, ILogger? logger, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, cipher, commandTimeout, PostgresSchema.Migrations, logger, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, DataFolderCipher, ILogger?, CancellationToken)"/>, with the migrations given (tests play older and newer code).</summary>
    internal static Task<PostgresDatabase> OpenAsync(
        string connectionString, DataFolderCipher cipher, IReadOnlyList<string> migrations, ILogger? logger, CancellationToken cancellationToken) =>
        OpenAsync(connectionString, cipher, DefaultCommandTimeout, migrations, logger, cancellationToken);

    private static async Task<PostgresDatabase> OpenAsync(
        string connectionString, DataFolderCipher cipher, TimeSpan commandTimeout, IReadOnlyList<string> migrations, ILogger? logger,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(cipher);
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var seconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);
        builder.ConnectionStringBuilder.Timeout = seconds;
        builder.ConnectionStringBuilder.CommandTimeout = seconds;
        var dataSource = builder.Build();
        logger ??= NullLogger.Instance;
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, migrations, logger, cancellationToken);
            // Where, never how: the builder is read for host, port and database only, so no password reaches the log.
            var where = new NpgsqlConnectionStringBuilder(connectionString);
            LogOpened(logger, where.Host ?? "(default host)", where.Port, where.Database ?? where.Username ?? "(default database)", migrations.Count);
            return new PostgresDatabase(dataSource, cipher);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    internal ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Closes the pool's connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Store: PostgreSQL {Host}:{Port}/{Database}, schema version {Version}")]
    private static partial void LogOpened(ILogger logger, string host, int port, string database, int version);
}

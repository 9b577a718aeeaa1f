using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Core.Quotas;
using Relay.Core.Storage;
using Relay.Core.Storage.Postgres;
using Relay.Core.Suppression;

namespace Relay.Hosting;

/// <summary>
/// The stores of the provider <c>Relay:Store:Provider</c> names, opened (and migrated) together: the server and every
/// CLI command take them from here, so both always use the same database. <see cref="SharedRate"/> is the store of the
/// sending rate when several nodes share the database (null for SQLite's one node, which keeps its rate in memory);
/// <see cref="Connections"/> is what to close when the process stops (PostgreSQL's pool).
/// </summary>
internal sealed record RelayStores(
    IRelayStore Relay, ISendingQuotaStore Quotas, ISuppressionStore Suppression, IAccessKeyStore AccessKeys,
    ISendRateStore? SharedRate = null, IAsyncDisposable? Connections = null)
{
    /// <exception cref="SettingsException">A store setting is wrong (one line, naming it).</exception>
    /// <exception cref="IOException">PostgreSQL cannot be reached or refused the connection (one line, naming the setting).</exception>
    /// <exception cref="StoreSchemaTooNewException">The database was migrated by a newer Relay.</exception>
    public static async Task<RelayStores> OpenAsync(LoadedSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Relay.Store.Provider == StoreProvider.Postgres
            ? await OpenPostgresAsync(settings, logger, cancellationToken)
            : await OpenSqliteAsync(settings, cancellationToken);
    }

    private static IdentityHistoryOptions HistoryOptions(LoadedSettings settings) =>
        new(settings.Identities.HistoryPerIdentity, TimeProvider.System);

    private static async Task<RelayStores> OpenSqliteAsync(LoadedSettings settings, CancellationToken cancellationToken)
    {
        var path = settings.DatabasePath;
        var cipher = AccessKeySecretCipher.LoadOrCreate(Path.Combine(settings.DataDirectory, "keys", "access-keys.key"));
        return new RelayStores(
            await SqliteRelayStore.OpenAsync(path, HistoryOptions(settings), cancellationToken),
            await SqliteSendingQuotaStore.OpenAsync(path, cancellationToken),
            await SqliteSuppressionStore.OpenAsync(path, cancellationToken),
            await SqliteAccessKeyStore.OpenAsync(path, cipher, cancellationToken));
    }

    private static async Task<RelayStores> OpenPostgresAsync(LoadedSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        var store = settings.Relay.Store;
        var connectionString = store.ConnectionStringFile.Length > 0
            ? await SecretFile.ReadFirstLineAsync(store.ConnectionStringFile, "Relay:Store:ConnectionStringFile", cancellationToken)
            : store.ConnectionString;
        var setting = store.ConnectionStringFile.Length > 0 ? "Relay:Store:ConnectionStringFile" : "Relay:Store:ConnectionString";
        var database = await OpenDatabaseAsync(
            connectionString, setting, LoadKeyEncryptionKey(store.KeyEncryptionKeyFile), store.CommandTimeout, logger, cancellationToken);
        var quotas = new PostgresSendingQuotaStore(database);
        return new RelayStores(
            new PostgresRelayStore(database, HistoryOptions(settings)),
            quotas,
            new PostgresSuppressionStore(database),
            new PostgresAccessKeyStore(database),
            SharedRate: quotas,
            Connections: database);
    }

    private static DataFolderCipher LoadKeyEncryptionKey(string path)
    {
        try
        {
            return DataFolderCipher.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SettingsException($"Relay:Store:KeyEncryptionKeyFile '{path}' cannot be used: {ex.Message}", ex);
        }
    }

    private static async Task<PostgresDatabase> OpenDatabaseAsync(
        string connectionString, string setting, DataFolderCipher cipher, TimeSpan commandTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await PostgresDatabase.OpenAsync(connectionString, cipher, commandTimeout, logger, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            // Npgsql's parser names the keyword it did not take; the connection string itself may hold a password.
            throw new SettingsException($"{setting} is not a valid PostgreSQL connection string: {FirstLine(ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // Not a settings error as such (the database may be down for a moment): exit 1, as a listener that cannot bind.
            throw new IOException($"{setting}: PostgreSQL cannot be reached or refused Relay: {FirstLine(ex.Message)}", ex);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r');
}

namespace Relay.Configuration;

/// <summary>
/// The store (<c>Relay:Store</c>): SQLite in the data folder by default, or a PostgreSQL database several nodes share.
/// The connection string comes from <see cref="ConnectionString"/> (also as the variable <c>Relay__Store__ConnectionString</c>)
/// or from the first line of <see cref="ConnectionStringFile"/> (a mounted secret), never both.
/// </summary>
public sealed class StoreSettings
{
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=relay;Username=relay;Password=…</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>A file whose first line is the connection string.</summary>
    public string ConnectionStringFile { get; set; } = string.Empty;

    /// <summary>
    /// A file of 32 random bytes under which DKIM private keys and access-key secrets are encrypted in the database:
    /// required with PostgreSQL, and the same file on every node (make it once: <c>head -c 32 /dev/urandom</c>). SQLite
    /// keeps its key in the data folder instead.
    /// </summary>
    public string KeyEncryptionKeyFile { get; set; } = string.Empty;

    /// <summary>
    /// With PostgreSQL, the longest wait for a connection (connecting, or a free one from the pool) and for each
    /// statement: a database that stopped answering then gets clients a temporary error, not a hung session. Whole
    /// seconds, 1 s to 10 min; it replaces the connection string's own <c>Timeout</c> and <c>Command Timeout</c>.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = Core.Storage.Postgres.PostgresDatabase.DefaultCommandTimeout;

    /// <exception cref="SettingsException">A setting that does not fit the provider, or one the provider needs is missing.</exception>
    public void Validate()
    {
        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromMinutes(10) || CommandTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new SettingsException($"Relay:Store:CommandTimeout must be whole seconds from 00:00:01 to 00:10:00 (was {CommandTimeout}).");
        }

        if (Provider == StoreProvider.Sqlite)
        {
            foreach (var (name, value) in new[]
                     {
                         ("ConnectionString", ConnectionString), ("ConnectionStringFile", ConnectionStringFile), ("KeyEncryptionKeyFile", KeyEncryptionKeyFile),
                     })
            {
                if (value.Length > 0)
                {
                    throw new SettingsException($"Relay:Store:{name} is set but Relay:Store:Provider is Sqlite; set Relay:Store:Provider=Postgres to use it.");
                }
            }

            return;
        }

        if ((ConnectionString.Length > 0) == (ConnectionStringFile.Length > 0))
        {
            throw new SettingsException(
                "Relay:Store:Provider is Postgres: set exactly one of Relay:Store:ConnectionString and Relay:Store:ConnectionStringFile.");
        }

        if (KeyEncryptionKeyFile.Length == 0)
        {
            throw new SettingsException(
                "Relay:Store:KeyEncryptionKeyFile must be set when Relay:Store:Provider is Postgres: a file of 32 random bytes, the same on every node.");
        }
    }
}

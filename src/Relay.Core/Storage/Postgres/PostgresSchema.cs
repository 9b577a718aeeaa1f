using Microsoft.Extensions.Logging;
using Npgsql;

namespace Relay.Core.Storage.Postgres;

/// <summary>
/// Creates and upgrades the PostgreSQL schema, tracked in <c>relay_schema</c> (one row per migration applied). The
/// migrations are a port of <see cref="SqliteSchema"/>'s, one for one and in the same order, so that a change there
/// is ported here as the migration with the same number.
/// </summary>
internal static partial class PostgresSchema
{
    /// <summary>The advisory lock every node takes around the migration (an arbitrary constant: "Relay" in ASCII).</summary>
    internal const long MigrationLock = 0x52656C6179;

    internal static readonly string[] Migrations =
    [
        """
        CREATE TABLE accounts (
            id                 text PRIMARY KEY,
            name               text NOT NULL UNIQUE,
            smtp_user          text NOT NULL UNIQUE,
            smtp_password_hash text NOT NULL,
            contact            text
        );
        CREATE TABLE identities (
            account_id          text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            name                text NOT NULL,
            type                text NOT NULL,
            verification_status text NOT NULL,
            dkim_status         text NOT NULL,
            signing_enabled     boolean NOT NULL,
            selector            text,
            private_key_pem     text,
            key_bits            integer,
            PRIMARY KEY (account_id, name)
        );
        """,
        """
        ALTER TABLE identities ADD COLUMN lifecycle jsonb;
        ALTER TABLE identities ADD COLUMN next_check timestamptz;
        CREATE INDEX identities_next_check ON identities(next_check) WHERE next_check IS NOT NULL;
        CREATE TABLE dkim_records (
            label      text PRIMARY KEY,
            account_id text NOT NULL,
            identity   text NOT NULL,
            txt        text NOT NULL,
            FOREIGN KEY (account_id, identity) REFERENCES identities(account_id, name) ON DELETE CASCADE
        );
        CREATE UNIQUE INDEX identities_verification_token ON identities((lifecycle ->> 'VerificationToken'))
            WHERE type = 'EmailAddress' AND lifecycle ->> 'VerificationToken' IS NOT NULL;
        """,
        """
        CREATE TABLE access_keys (
            id               text PRIMARY KEY,
            account_id       text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            secret_encrypted bytea NOT NULL,
            created          timestamptz NOT NULL,
            revoked          timestamptz
        );
        CREATE INDEX access_keys_account ON access_keys(account_id);
        """,
        """
        ALTER TABLE identities ADD COLUMN version bigint NOT NULL DEFAULT 0;
        """,
        // The key zone's SOA serial (RFC 1982 arithmetic, so it wraps at 2^32): every row of dkim_records added,
        // removed or changed moves it on, in the same transaction, as SQLite's three row triggers do.
        """
        CREATE TABLE key_zone (
            id              integer PRIMARY KEY CHECK (id = 1),
            serial          bigint NOT NULL,
            provider_record text NOT NULL
        );
        CREATE FUNCTION key_zone_serial_next() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE key_zone SET serial = (serial + 1) % 4294967296;
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER dkim_records_changed AFTER INSERT OR UPDATE OR DELETE ON dkim_records
            FOR EACH ROW EXECUTE FUNCTION key_zone_serial_next();
        """,
        """
        CREATE TABLE send_counts (
            account_id text NOT NULL,
            minute     bigint NOT NULL,
            recipients bigint NOT NULL,
            PRIMARY KEY (account_id, minute)
        );
        CREATE INDEX send_counts_minute ON send_counts(minute);
        CREATE TABLE sending_limits (
            account_id       text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
            max_24_hour_send double precision,
            max_send_rate    double precision
        );
        """,
        """
        CREATE TABLE identity_tags (
            account_id text NOT NULL,
            identity   text NOT NULL,
            key        text NOT NULL,
            value      text NOT NULL,
            PRIMARY KEY (account_id, identity, key),
            FOREIGN KEY (account_id, identity) REFERENCES identities(account_id, name) ON DELETE CASCADE
        );
        """,
        """
        CREATE TABLE suppressed_destinations (
            account_id  text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            address     text NOT NULL,
            reason      text NOT NULL,
            last_update timestamptz NOT NULL,
            message_id  text,
            diagnostic  text,
            PRIMARY KEY (account_id, address)
        );
        CREATE TABLE account_suppression (
            account_id text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
            reasons    text NOT NULL
        );
        """,
        // The background verifier's claim on a due identity: until this time no other node's verifier takes it (see
        // PostgresRelayStore.ClaimIdentitiesDueAsync); a save clears it, and a dead node's claim runs out.
        """
        ALTER TABLE identities ADD COLUMN claimed_until timestamptz;
        """,
        // The last call of each rate-limited operation per account, so that VerifyDomainDkim's one per second holds
        // across the nodes.
        """
        CREATE TABLE operation_calls (
            account_id text NOT NULL,
            operation  text NOT NULL,
            last_call  timestamptz NOT NULL,
            PRIMARY KEY (account_id, operation)
        );
        """,
        // The sending rate's token bucket per account (see ISendRateStore), so that MaxSendRate holds across the nodes:
        // times are Unix seconds; rate and capacity are those of the last take, for deleting buckets that are full again.
        // Unlogged: written once per message, so no WAL and no commit waiting for a flush; a crash (or a failover to a
        // standby) empties it, which gives every account a full bucket, as a restart does on SQLite.
        """
        CREATE UNLOGGED TABLE send_rate (
            account_id  text PRIMARY KEY,
            tokens      double precision NOT NULL,
            refilled_at double precision NOT NULL,
            rate        double precision NOT NULL,
            capacity    double precision NOT NULL
        );
        """,
        // Each identity's status history, as SQLite's: a row per change a save made, in the save's transaction.
        """
        CREATE TABLE identity_history (
            id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            account_id     text NOT NULL,
            identity       text NOT NULL,
            at             timestamptz NOT NULL,
            change         text NOT NULL,
            from_value     text,
            to_value       text,
            finding        text,
            finding_record text,
            detail         text,
            FOREIGN KEY (account_id, identity) REFERENCES identities(account_id, name) ON DELETE CASCADE
        );
        CREATE INDEX identity_history_identity ON identity_history(account_id, identity, id);
        """,
    ];

    /// <summary>
    /// Applies the migrations the database lacks, all in one transaction under a transaction-scoped advisory lock:
    /// nodes starting together queue on the lock, the first migrates, the others then find nothing to do. A database
    /// with more migrations than <paramref name="migrations"/> is refused, before anything is written.
    /// </summary>
    public static async Task MigrateAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<string> migrations, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock});", cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS relay_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now());",
            cancellationToken);

        int version;
        await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM relay_schema;", connection, transaction))
        {
            version = (int)(await read.ExecuteScalarAsync(cancellationToken) ?? 0);
        }

        if (version > migrations.Count)
        {
            throw new StoreSchemaTooNewException(version, migrations.Count);
        }

        for (var step = version; step < migrations.Count; step++)
        {
            await ExecuteAsync(connection, transaction, migrations[step], cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO relay_schema (version) VALUES (@version);", connection, transaction);
            record.Parameters.AddWithValue("version", step + 1);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (migrations.Count > version)
        {
            LogMigrated(logger, version, migrations.Count);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        // Not Relay:Store:CommandTimeout: a node queued on the lock waits for another's migration, however long it takes.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 9300, Level = LogLevel.Information, Message = "PostgreSQL schema migrated from version {From} to {To}")]
    private static partial void LogMigrated(ILogger logger, int from, int to);
}

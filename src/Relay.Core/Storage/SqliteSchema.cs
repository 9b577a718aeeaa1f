using Microsoft.Data.Sqlite;

namespace Relay.Core.Storage;

/// <summary>Creates and upgrades the SQLite schema, tracked by <c>PRAGMA user_version</c>.</summary>
internal static class SqliteSchema
{
    internal static readonly string[] Migrations =
    [
        """
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
        """,
        """
        ALTER TABLE identities ADD COLUMN lifecycle TEXT;
        ALTER TABLE identities ADD COLUMN next_check TEXT;
        CREATE INDEX identities_next_check ON identities(next_check) WHERE next_check IS NOT NULL;
        CREATE TABLE dkim_records (
            label      TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            identity   TEXT NOT NULL,
            txt        TEXT NOT NULL,
            FOREIGN KEY (account_id, identity) REFERENCES identities(account_id, name) ON DELETE CASCADE
        );
        CREATE UNIQUE INDEX identities_verification_token ON identities(json_extract(lifecycle, '$.VerificationToken'))
            WHERE type = 'EmailAddress' AND json_extract(lifecycle, '$.VerificationToken') IS NOT NULL;
        """,
        """
        CREATE TABLE access_keys (
            id               TEXT PRIMARY KEY,
            account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            secret_encrypted BLOB NOT NULL,
            created          TEXT NOT NULL,
            revoked          TEXT
        );
        CREATE INDEX access_keys_account ON access_keys(account_id);
        """,
        """
        ALTER TABLE identities ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        """,
        // The key zone's SOA serial (RFC 1982 arithmetic, so it wraps at 2^32): every change of a served record moves
        // it on, in the same transaction, so that a secondary fed by AXFR or by `relay keyzone export` sees the change.
        """
        CREATE TABLE key_zone (
            id              INTEGER PRIMARY KEY CHECK (id = 1),
            serial          INTEGER NOT NULL,
            provider_record TEXT NOT NULL
        );
        CREATE TRIGGER dkim_records_added AFTER INSERT ON dkim_records
            BEGIN UPDATE key_zone SET serial = (serial + 1) % 4294967296; END;
        CREATE TRIGGER dkim_records_removed AFTER DELETE ON dkim_records
            BEGIN UPDATE key_zone SET serial = (serial + 1) % 4294967296; END;
        CREATE TRIGGER dkim_records_changed AFTER UPDATE ON dkim_records
            BEGIN UPDATE key_zone SET serial = (serial + 1) % 4294967296; END;
        """,
        // Sending quotas: recipients per account and minute (rows older than 24 hours are deleted), and the accounts'
        // own limits (NULL takes Relay:Quotas).
        """
        CREATE TABLE send_counts (
            account_id TEXT NOT NULL,
            minute     INTEGER NOT NULL,
            recipients INTEGER NOT NULL,
            PRIMARY KEY (account_id, minute)
        ) WITHOUT ROWID;
        CREATE INDEX send_counts_minute ON send_counts(minute);
        CREATE TABLE sending_limits (
            account_id       TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
            max_24_hour_send REAL,
            max_send_rate    REAL
        );
        """,
        // SES tags of identities (TagResource, CreateEmailIdentity's Tags). Deleting the identity deletes them; an
        // identity saved again (an upsert, never delete and insert) keeps them.
        """
        CREATE TABLE identity_tags (
            account_id TEXT NOT NULL,
            identity   TEXT NOT NULL,
            key        TEXT NOT NULL,
            value      TEXT NOT NULL,
            PRIMARY KEY (account_id, identity, key),
            FOREIGN KEY (account_id, identity) REFERENCES identities(account_id, name) ON DELETE CASCADE
        );
        """,
        // SES's account-level suppression list, and the reasons each account adds addresses for (no row: the default).
        """
        CREATE TABLE suppressed_destinations (
            account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            address     TEXT NOT NULL,
            reason      TEXT NOT NULL,
            last_update TEXT NOT NULL,
            message_id  TEXT,
            diagnostic  TEXT,
            PRIMARY KEY (account_id, address)
        ) WITHOUT ROWID;
        CREATE TABLE account_suppression (
            account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
            reasons    TEXT NOT NULL
        );
        """,
        // The background verifier's claim on an identity whose check is due: until this time no other verifier (another
        // process on this file, or another node on PostgreSQL) takes it; a save clears it, a stopped verifier's runs out.
        """
        ALTER TABLE identities ADD COLUMN claimed_until TEXT;
        """,
        // The last call of each rate-limited operation per account (VerifyDomainDkim's one per second), shared by every
        // process on this file as PostgreSQL's table is by every node.
        """
        CREATE TABLE operation_calls (
            account_id TEXT NOT NULL,
            operation  TEXT NOT NULL,
            last_call  TEXT NOT NULL,
            PRIMARY KEY (account_id, operation)
        ) WITHOUT ROWID;
        """,
        // The sending rate's token bucket per account, as PostgreSQL's. The one SQLite node keeps its rate in memory
        // (InMemorySendRate: a write per message would buy nothing there); the table keeps the schemas one for one and
        // serves processes that share the file.
        """
        CREATE TABLE send_rate (
            account_id  TEXT PRIMARY KEY,
            tokens      REAL NOT NULL,
            refilled_at REAL NOT NULL,
            rate        REAL NOT NULL,
            capacity    REAL NOT NULL
        ) WITHOUT ROWID;
        """,
        // Each identity's status history: a row per change a save made (IdentityHistoryChanges), written in the save's
        // transaction; the newest Relay:Identities:HistoryPerIdentity are kept, and deleting the identity deletes them.
        """
        CREATE TABLE identity_history (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            account_id     TEXT NOT NULL,
            identity       TEXT NOT NULL,
            at             TEXT NOT NULL,
            change         TEXT NOT NULL,
            from_value     TEXT,
            to_value       TEXT,
            finding        TEXT,
            finding_record TEXT,
            detail         TEXT,
            FOREIGN KEY (account_id, identity) REFERENCES identities(account_id, name) ON DELETE CASCADE
        );
        CREATE INDEX identity_history_identity ON identity_history(account_id, identity, id);
        """,
    ];

    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        long version;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "PRAGMA user_version;";
            version = (long)(await read.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        for (var step = (int)version; step < Migrations.Length; step++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[step] + $"\nPRAGMA user_version = {step + 1};";
            await migrate.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}

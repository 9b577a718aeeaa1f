using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Relay.Core.Accounts;
using Relay.Core.Identities;

namespace Relay.Core.Storage.Postgres;

/// <summary>
/// Accounts and identities in a PostgreSQL database that several nodes share: the same semantics as
/// <see cref="SqliteRelayStore"/>. Customers' DKIM private keys are encrypted under the database's key-encryption key
/// (<see cref="PostgresDatabase.Cipher"/>), never stored as plain text.
/// </summary>
public sealed class PostgresRelayStore : IRelayStore
{
    private const string IdentityColumns =
        "account_id, name, type, verification_status, dkim_status, signing_enabled, selector, private_key_pem, key_bits, lifecycle, version";

    private readonly PostgresDatabase _database;
    private readonly DkimKeySealer _sealer;
    private readonly IdentityHistoryOptions _history;

    /// <summary>The store over <paramref name="database"/> (opened and migrated); identities' history as <paramref name="history"/> says (default: <see cref="IdentityHistoryOptions.Default"/>).</summary>
    public PostgresRelayStore(PostgresDatabase database, IdentityHistoryOptions? history = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _history = history ?? IdentityHistoryOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_history.PerIdentity, 1);
        _database = database;
        _sealer = new DkimKeySealer(database.Cipher);
    }

    public async Task CheckReadableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM accounts;", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task SaveAccountAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO accounts (id, name, smtp_user, smtp_password_hash, contact) VALUES (@id, @name, @user, @hash, @contact) " +
            "ON CONFLICT (id) DO UPDATE SET name = @name, smtp_user = @user, smtp_password_hash = @hash, contact = @contact;", connection);
        command.Parameters.AddWithValue("id", account.Id);
        command.Parameters.AddWithValue("name", account.Name);
        command.Parameters.AddWithValue("user", account.SmtpUserName);
        command.Parameters.AddWithValue("hash", account.SmtpPasswordHash);
        command.Parameters.Add(new NpgsqlParameter("contact", NpgsqlDbType.Text) { Value = (object?)account.ContactAddress ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Account?> FindAccountByNameAsync(string name, CancellationToken cancellationToken) =>
        FindAccountAsync("name", name, cancellationToken);

    public Task<Account?> FindAccountByIdAsync(string id, CancellationToken cancellationToken) =>
        FindAccountAsync("id", id, cancellationToken);

    public Task<Account?> FindAccountBySmtpUserNameAsync(string smtpUserName, CancellationToken cancellationToken) =>
        FindAccountAsync("smtp_user", smtpUserName, cancellationToken);

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // COLLATE "C": byte order, as SQLite's default BINARY collation sorts.
        await using var command = new NpgsqlCommand(
            "SELECT id, name, smtp_user, smtp_password_hash, contact FROM accounts ORDER BY name COLLATE \"C\";", connection);
        return await PostgresRows.ReadAllAsync(command, ReadAccount, cancellationToken);
    }

    public Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken) =>
        SaveIdentityAsync(identity, IdentitySaveMode.Upsert, cancellationToken);

    public Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken) =>
        SaveIdentityAsync(identity, IdentitySaveMode.IfUnchanged, cancellationToken);

    public Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken) =>
        SaveIdentityAsync(identity, IdentitySaveMode.IfAbsent, cancellationToken);

    private async Task<bool> SaveIdentityAsync(Identity identity, IdentitySaveMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var name = IdentityNames.Normalize(identity.Name);
        var published = PublishedDkimKeys.Of(identity).Select(key => (Label: key.Selector.ToLowerInvariant(), Txt: DkimPublicKeys.TxtValue(key))).ToList();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await FindForUpdateAsync(connection, transaction, identity.AccountId, name, cancellationToken);
        await using (var command = new NpgsqlCommand { Connection = connection, Transaction = transaction })
        {
            const string Assignments =
                "type = @type, verification_status = @verification, dkim_status = @dkim, signing_enabled = @signing, selector = @selector, " +
                "private_key_pem = @key, key_bits = @bits, lifecycle = @lifecycle, next_check = @next, claimed_until = NULL, version = identities.version + 1";
            // The conditional form is a compare-and-swap on the version read, as in SQLite: the row lock the UPDATE
            // takes makes a concurrent save on another node wait, and then see the version it moved on.
            const string Insert =
                $"INSERT INTO identities ({IdentityColumns}, next_check) " +
                "VALUES (@account, @name, @type, @verification, @dkim, @signing, @selector, @key, @bits, @lifecycle, 0, @next) ";
            command.CommandText = mode switch
            {
                IdentitySaveMode.IfUnchanged => $"UPDATE identities SET {Assignments} WHERE account_id = @account AND name = @name AND version = @version;",
                // Only a new identity: a request that found none must not overwrite one made meanwhile (on another node).
                IdentitySaveMode.IfAbsent => $"{Insert}ON CONFLICT (account_id, name) DO NOTHING;",
                _ => $"{Insert}ON CONFLICT (account_id, name) DO UPDATE SET {Assignments};",
            };
            command.Parameters.AddWithValue("version", identity.Version);
            command.Parameters.AddWithValue("account", identity.AccountId);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("type", identity.Type.ToString());
            command.Parameters.AddWithValue("verification", identity.VerificationStatus.ToString());
            command.Parameters.AddWithValue("dkim", identity.DkimStatus.ToString());
            command.Parameters.AddWithValue("signing", identity.SigningEnabled);
            command.Parameters.Add(new NpgsqlParameter("selector", NpgsqlDbType.Text) { Value = (object?)identity.SigningKey?.Selector ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text)
            {
                Value = identity.SigningKey is { } signingKey ? _sealer.Seal(identity.AccountId, name, signingKey) : DBNull.Value,
            });
            command.Parameters.Add(new NpgsqlParameter("bits", NpgsqlDbType.Integer) { Value = (object?)identity.SigningKey?.KeyBits ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("lifecycle", NpgsqlDbType.Jsonb)
            {
                Value = SerializeLifecycle(_sealer.Seal(identity.AccountId, name, IdentityLifecycleRecord.From(identity))),
            });
            command.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(identity.NextCheck) });
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await PostgresIdentityHistory.AppendAsync(
            connection, transaction, IdentityHistoryChanges.Between(before, identity, _history.Time.GetUtcNow()), _history.PerIdentity, cancellationToken);
        var current = await PublishedAsync(connection, transaction, identity.AccountId, name, cancellationToken);
        if (current.SetEquals(published))
        {
            // Unchanged records are left alone: rewriting them would move the key zone's serial on every DNS check.
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        await using (var clear = new NpgsqlCommand("DELETE FROM dkim_records WHERE account_id = @account AND identity = @name;", connection, transaction))
        {
            clear.Parameters.AddWithValue("account", identity.AccountId);
            clear.Parameters.AddWithValue("name", name);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (label, txt) in published)
        {
            // A token is random and unique; a clash would mean two identities share a key name, which must fail loudly.
            await using var insert = new NpgsqlCommand(
                "INSERT INTO dkim_records (label, account_id, identity, txt) VALUES (@label, @account, @name, @txt);", connection, transaction);
            insert.Parameters.AddWithValue("label", label);
            insert.Parameters.AddWithValue("account", identity.AccountId);
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("txt", txt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(
        DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // SKIP LOCKED: rows another node is claiming (or saving) right now are passed over, not waited for, and a row
        // that node claimed and committed meanwhile is rechecked against claimed_until and left out. RETURNING gives no
        // order, so the rows are sorted here.
        await using var command = new NpgsqlCommand(
            "UPDATE identities SET claimed_until = @until WHERE (account_id, name) IN (" +
            "SELECT account_id, name FROM identities WHERE next_check IS NOT NULL AND next_check <= @now " +
            "AND (claimed_until IS NULL OR claimed_until <= @now) ORDER BY next_check LIMIT @limit FOR UPDATE SKIP LOCKED) " +
            $"RETURNING {IdentityColumns};",
            connection);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("until", claimedUntil.ToUniversalTime());
        command.Parameters.AddWithValue("limit", limit);
        var claimed = await PostgresRows.ReadAllAsync(command, ReadIdentity, cancellationToken);
        return claimed.OrderBy(identity => identity.NextCheck).ToList();
    }

    public async Task<bool> TryRecordCallAsync(
        string accountId, string operation, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(operation);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // Two nodes inserting the first call at once: the second waits on the key, then takes the update path and
        // sees the first's row, so only one passes. A call too soon after the last updates nothing and returns no row.
        await using var command = new NpgsqlCommand(
            "INSERT INTO operation_calls (account_id, operation, last_call) VALUES (@account, @operation, @now) " +
            "ON CONFLICT (account_id, operation) DO UPDATE SET last_call = excluded.last_call " +
            "WHERE operation_calls.last_call <= @earliest RETURNING 1;", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("operation", operation);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        command.Parameters.AddWithValue("earliest", (now - interval).ToUniversalTime());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<(string Type, string DkimStatus, long Count)>> CountIdentitiesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT type, dkim_status, count(*) FROM identities GROUP BY type, dkim_status ORDER BY type COLLATE \"C\", dkim_status COLLATE \"C\";",
            connection);
        return await PostgresRows.ReadAllAsync(command, reader => (reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), cancellationToken);
    }

    public async Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // A claimed identity can be claimed again when its claim ends, if that is after its due time.
        await using var command = new NpgsqlCommand(
            "SELECT min(greatest(next_check, claimed_until)) FROM identities WHERE next_check IS NOT NULL;", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    public async Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {IdentityColumns} FROM identities WHERE type = 'EmailAddress' AND lifecycle ->> 'VerificationToken' = @token;", connection);
        command.Parameters.AddWithValue("token", token);
        var found = await PostgresRows.ReadAllAsync(command, ReadIdentity, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyList<IdentityHistoryEntry>> ListHistoryAsync(string accountId, string name, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await PostgresIdentityHistory.ListAsync(connection, accountId, IdentityNames.Normalize(name), limit, cancellationToken);
    }

    /// <summary>
    /// The stored identity, its row locked until the save commits: a concurrent save (another node) waits, so the
    /// history compares with what this save replaces.
    /// </summary>
    private async Task<Identity?> FindForUpdateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {IdentityColumns} FROM identities WHERE account_id = @account AND name = @name FOR UPDATE;", connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", name);
        var found = await PostgresRows.ReadAllAsync(command, ReadIdentity, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<string?> FindDkimRecordAsync(string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT txt FROM dkim_records WHERE label = @label;", connection);
        command.Parameters.AddWithValue("label", label.ToLowerInvariant());
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<(string Label, string Txt)>> ListDkimRecordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT label, txt FROM dkim_records ORDER BY label COLLATE \"C\";", connection);
        return await PostgresRows.ReadAllAsync(command, reader => (reader.GetString(0), reader.GetString(1)), cancellationToken);
    }

    public async Task<uint> OpenKeyZoneAsync(uint initialSerial, string providerRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerRecord);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO key_zone (id, serial, provider_record) VALUES (1, @initial, @provider) ON CONFLICT (id) DO UPDATE SET " +
            "serial = CASE WHEN key_zone.provider_record = @provider THEN key_zone.serial ELSE (key_zone.serial + 1) % 4294967296 END, " +
            "provider_record = @provider RETURNING serial;", connection);
        command.Parameters.AddWithValue("initial", (long)initialSerial);
        command.Parameters.AddWithValue("provider", providerRecord);
        return (uint)(long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    public async Task<uint> KeyZoneSerialAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT serial FROM key_zone WHERE id = 1;", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is long serial
            ? (uint)serial
            : throw new InvalidOperationException("The key zone has not been opened: call OpenKeyZoneAsync first.");
    }

    public async Task<IReadOnlyList<Identity>> FindIdentitiesAsync(
        string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {IdentityColumns} FROM identities WHERE account_id = @account AND name = ANY(@names);", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("names", names.ToArray());
        return await PostgresRows.ReadAllAsync(command, ReadIdentity, cancellationToken);
    }

    public async Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {IdentityColumns} FROM identities WHERE account_id = @account ORDER BY name COLLATE \"C\";", connection);
        command.Parameters.AddWithValue("account", accountId);
        return await PostgresRows.ReadAllAsync(command, ReadIdentity, cancellationToken);
    }

    public async Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM identities WHERE account_id = @account AND name = @name;", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", IdentityNames.Normalize(name));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<IdentityTag>?> ListTagsAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // One statement, so one snapshot: no row means no identity, one row with a NULL key an identity with no tags.
        await using var command = new NpgsqlCommand(
            "SELECT t.key, t.value FROM identities i LEFT JOIN identity_tags t ON t.account_id = i.account_id AND t.identity = i.name " +
            "WHERE i.account_id = @account AND i.name = @name ORDER BY t.key COLLATE \"C\";", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", IdentityNames.Normalize(name));
        var rows = await PostgresRows.ReadAllAsync(
            command, reader => reader.IsDBNull(0) ? null : new IdentityTag(reader.GetString(0), reader.GetString(1)), cancellationToken);
        return rows.Count == 0 ? null : rows.OfType<IdentityTag>().ToList();
    }

    public async Task<IdentityTagChange> AddTagsAsync(
        string accountId, string name, IReadOnlyList<IdentityTag> tags, int maxTags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tags);
        var normalized = IdentityNames.Normalize(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The identity's row lock makes the insert and the count one step: two TagResource calls on two nodes
        // cannot pass the limit between them.
        if (!await LockIdentityAsync(connection, transaction, accountId, normalized, cancellationToken))
        {
            return IdentityTagChange.IdentityNotFound;
        }

        foreach (var tag in tags)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO identity_tags (account_id, identity, key, value) VALUES (@account, @name, @key, @value) " +
                "ON CONFLICT (account_id, identity, key) DO UPDATE SET value = @value;", connection, transaction);
            upsert.Parameters.AddWithValue("account", accountId);
            upsert.Parameters.AddWithValue("name", normalized);
            upsert.Parameters.AddWithValue("key", tag.Key);
            upsert.Parameters.AddWithValue("value", tag.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var count = new NpgsqlCommand(
            "SELECT count(*) FROM identity_tags WHERE account_id = @account AND identity = @name;", connection, transaction))
        {
            count.Parameters.AddWithValue("account", accountId);
            count.Parameters.AddWithValue("name", normalized);
            if ((long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L) > maxTags)
            {
                await transaction.RollbackAsync(cancellationToken);
                return IdentityTagChange.TooManyTags;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return IdentityTagChange.Saved;
    }

    public async Task<bool> RemoveTagsAsync(string accountId, string name, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(keys);
        var normalized = IdentityNames.Normalize(name);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockIdentityAsync(connection, transaction, accountId, normalized, cancellationToken))
        {
            return false;
        }

        await using (var delete = new NpgsqlCommand(
            "DELETE FROM identity_tags WHERE account_id = @account AND identity = @name AND key = ANY(@keys);", connection, transaction))
        {
            delete.Parameters.AddWithValue("account", accountId);
            delete.Parameters.AddWithValue("name", normalized);
            delete.Parameters.AddWithValue("keys", keys.ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> LockIdentityAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT 1 FROM identities WHERE account_id = @account AND name = @name FOR UPDATE;", connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<Account?> FindAccountAsync(string column, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // The column name comes from this class only, never from input.
        await using var command = new NpgsqlCommand(
            $"SELECT id, name, smtp_user, smtp_password_hash, contact FROM accounts WHERE {column} = @value;", connection);
        command.Parameters.AddWithValue("value", value);
        var accounts = await PostgresRows.ReadAllAsync(command, ReadAccount, cancellationToken);
        return accounts.Count > 0 ? accounts[0] : null;
    }

    private static async Task<HashSet<(string Label, string Txt)>> PublishedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT label, txt FROM dkim_records WHERE account_id = @account AND identity = @name;", connection, transaction);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", name);
        return [.. await PostgresRows.ReadAllAsync(command, reader => (reader.GetString(0), reader.GetString(1)), cancellationToken)];
    }

    private static Account ReadAccount(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));

    private Identity ReadIdentity(NpgsqlDataReader reader)
    {
        var key = reader.IsDBNull(6) || reader.IsDBNull(7)
            ? null
            : _sealer.Open(reader.GetString(0), reader.GetString(1),
                new SigningKey(reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? 0 : reader.GetInt32(8)));
        var identity = new Identity(
            reader.GetString(0),
            reader.GetString(1),
            Enum.Parse<IdentityType>(reader.GetString(2)),
            Enum.Parse<VerificationStatus>(reader.GetString(3)),
            Enum.Parse<VerificationStatus>(reader.GetString(4)),
            reader.GetBoolean(5),
            key)
        {
            Version = reader.GetInt64(10),
        };
        if (reader.IsDBNull(9))
        {
            // As in SQLite: a row without a lifecycle has one key, given by the operator.
            return key is null ? identity : identity with { DkimOrigin = DkimSigningOrigin.External, DkimKeys = [key] };
        }

        var lifecycle = DeserializeLifecycle(identity.Name, reader.GetString(9));
        return _sealer.Open(identity.AccountId, identity.Name, lifecycle).ApplyTo(identity);
    }

    private static string SerializeLifecycle(IdentityLifecycleRecord record) =>
        JsonSerializer.Serialize(record, IdentityLifecycleJson.Default.IdentityLifecycleRecord);

    private static IdentityLifecycleRecord DeserializeLifecycle(string identityName, string json) =>
        JsonSerializer.Deserialize(json, IdentityLifecycleJson.Default.IdentityLifecycleRecord)
            ?? throw new InvalidDataException($"Identity {identityName} has an empty lifecycle record.");
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Relay.Core.Accounts;
using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>
/// Accounts and identities in one SQLite file in the data folder. Customers' DKIM private keys are encrypted under
/// the data folder's key (<see cref="DkimKeySealer"/>); rows from before that are encrypted when the store opens.
/// </summary>
public sealed class SqliteRelayStore : IRelayStore
{
    private const string IdentityColumns =
        "account_id, name, type, verification_status, dkim_status, signing_enabled, selector, private_key_pem, key_bits, lifecycle, version";

    private readonly SqliteDatabase _database;
    private readonly DkimKeySealer _sealer;
    private readonly IdentityHistoryOptions _history;

    private SqliteRelayStore(SqliteDatabase database, DkimKeySealer sealer, IdentityHistoryOptions history)
    {
        _database = database;
        _sealer = sealer;
        _history = history;
    }

    /// <summary>Throws when the database cannot be read (the readiness check: a query, not just an open file).</summary>
    public async Task CheckReadableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM accounts;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Opens (creating and migrating when needed) the database at <paramref name="path"/>, its keys encrypted under
    /// <see cref="DataFolderCipher.KeyFileFor"/> (the key file the access keys use).
    /// </summary>
    public static Task<SqliteRelayStore> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, DataFolderCipher.LoadOrCreate(DataFolderCipher.KeyFileFor(path)), cancellationToken);

    /// <summary>Opens (creating and migrating when needed) the database at <paramref name="path"/>; DKIM keys under <paramref name="cipher"/>.</summary>
    public static Task<SqliteRelayStore> OpenAsync(string path, DataFolderCipher cipher, CancellationToken cancellationToken) =>
        OpenAsync(path, cipher, IdentityHistoryOptions.Default, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>, keeping identities' history as <paramref name="history"/> says.</summary>
    public static Task<SqliteRelayStore> OpenAsync(string path, IdentityHistoryOptions history, CancellationToken cancellationToken) =>
        OpenAsync(path, DataFolderCipher.LoadOrCreate(DataFolderCipher.KeyFileFor(path)), history, cancellationToken);

    /// <summary>Opens (creating and migrating when needed) the database at <paramref name="path"/>; DKIM keys under <paramref name="cipher"/>.</summary>
    public static async Task<SqliteRelayStore> OpenAsync(string path, DataFolderCipher cipher, IdentityHistoryOptions history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(history.PerIdentity, 1);
        var store = new SqliteRelayStore(await SqliteDatabase.OpenAsync(path, cancellationToken), new DkimKeySealer(cipher), history);
        await store.EncryptPlaintextKeysAsync(cancellationToken);
        return store;
    }

    public async Task SaveAccountAsync(Account account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO accounts (id, name, smtp_user, smtp_password_hash, contact) VALUES ($id, $name, $user, $hash, $contact) " +
            "ON CONFLICT(id) DO UPDATE SET name = $name, smtp_user = $user, smtp_password_hash = $hash, contact = $contact;";
        command.Parameters.AddWithValue("$id", account.Id);
        command.Parameters.AddWithValue("$name", account.Name);
        command.Parameters.AddWithValue("$user", account.SmtpUserName);
        command.Parameters.AddWithValue("$hash", account.SmtpPasswordHash);
        command.Parameters.AddWithValue("$contact", (object?)account.ContactAddress ?? DBNull.Value);
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
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, smtp_user, smtp_password_hash, contact FROM accounts ORDER BY name;";
        return await ReadAllAsync(command, ReadAccount, cancellationToken);
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
        var published = PublishedDkimKeys.Of(identity).Select(key => (key.Selector, Txt: DkimPublicKeys.TxtValue(key))).ToList();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var before = await FindInTransactionAsync(connection, transaction, identity.AccountId, name, cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            const string Assignments =
                "type = $type, verification_status = $verification, dkim_status = $dkim, signing_enabled = $signing, selector = $selector, " +
                "private_key_pem = $key, key_bits = $bits, lifecycle = $lifecycle, next_check = $next, claimed_until = NULL, version = version + 1";
            // The conditional form is a compare-and-swap on the version read: a change made meanwhile (by the CLI in
            // another process, or the API) wins over a slow DNS check, and a deleted identity stays deleted.
            const string Insert =
                $"INSERT INTO identities ({IdentityColumns}, next_check) " +
                "VALUES ($account, $name, $type, $verification, $dkim, $signing, $selector, $key, $bits, $lifecycle, 0, $next) ";
            command.CommandText = mode switch
            {
                IdentitySaveMode.IfUnchanged => $"UPDATE identities SET {Assignments} WHERE account_id = $account AND name = $name AND version = $version;",
                // Only a new identity: a request that found none must not overwrite one made meanwhile (on another node).
                IdentitySaveMode.IfAbsent => $"{Insert}ON CONFLICT(account_id, name) DO NOTHING;",
                _ => $"{Insert}ON CONFLICT(account_id, name) DO UPDATE SET {Assignments};",
            };
            command.Parameters.AddWithValue("$version", identity.Version);
            command.Parameters.AddWithValue("$account", identity.AccountId);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$type", identity.Type.ToString());
            command.Parameters.AddWithValue("$verification", identity.VerificationStatus.ToString());
            command.Parameters.AddWithValue("$dkim", identity.DkimStatus.ToString());
            command.Parameters.AddWithValue("$signing", identity.SigningEnabled ? 1 : 0);
            command.Parameters.AddWithValue("$selector", (object?)identity.SigningKey?.Selector ?? DBNull.Value);
            command.Parameters.AddWithValue(
                "$key", identity.SigningKey is { } signingKey ? _sealer.Seal(identity.AccountId, name, signingKey) : DBNull.Value);
            command.Parameters.AddWithValue("$bits", (object?)identity.SigningKey?.KeyBits ?? DBNull.Value);
            command.Parameters.AddWithValue("$lifecycle", SerializeLifecycle(_sealer.Seal(identity.AccountId, name, IdentityLifecycleRecord.From(identity))));
            command.Parameters.AddWithValue("$next", (object?)FormatTime(identity.NextCheck) ?? DBNull.Value);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await SqliteIdentityHistory.AppendAsync(
            connection, transaction, IdentityHistoryChanges.Between(before, identity, _history.Time.GetUtcNow()), _history.PerIdentity, cancellationToken);
        if (await PublishedAsync(connection, transaction, identity.AccountId, name, cancellationToken) is var current
            && current.SetEquals(published.Select(record => (record.Selector.ToLowerInvariant(), record.Txt))))
        {
            // Unchanged records are left alone: rewriting them would move the key zone's serial on every DNS check.
            await transaction.CommitAsync(cancellationToken);
            return true;
        }

        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM dkim_records WHERE account_id = $account AND identity = $name;";
            clear.Parameters.AddWithValue("$account", identity.AccountId);
            clear.Parameters.AddWithValue("$name", name);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (label, txt) in published)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            // A token is random and unique; a clash would mean two identities share a key name, which must fail loudly.
            insert.CommandText = "INSERT INTO dkim_records (label, account_id, identity, txt) VALUES ($label, $account, $name, $txt);";
            insert.Parameters.AddWithValue("$label", label.ToLowerInvariant());
            insert.Parameters.AddWithValue("$account", identity.AccountId);
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$txt", txt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(
        DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement, so one write transaction: SQLite's single writer makes the choice and the claim one step for
        // every process on this file. RETURNING gives no order, so the rows are sorted here.
        command.CommandText =
            "UPDATE identities SET claimed_until = $until WHERE (account_id, name) IN (" +
            "SELECT account_id, name FROM identities WHERE next_check IS NOT NULL AND next_check <= $now " +
            "AND (claimed_until IS NULL OR claimed_until <= $now) ORDER BY next_check LIMIT $limit) " +
            $"RETURNING {IdentityColumns};";
        command.Parameters.AddWithValue("$now", FormatTime(now));
        command.Parameters.AddWithValue("$until", FormatTime(claimedUntil));
        command.Parameters.AddWithValue("$limit", limit);
        var claimed = await ReadAllAsync(command, ReadIdentity, cancellationToken);
        return claimed.OrderBy(identity => identity.NextCheck).ToList();
    }

    public async Task<bool> TryRecordCallAsync(
        string accountId, string operation, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(operation);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The upsert's WHERE sees the row as stored: a call too soon after the last updates nothing, so returns no row.
        command.CommandText =
            "INSERT INTO operation_calls (account_id, operation, last_call) VALUES ($account, $operation, $now) " +
            "ON CONFLICT(account_id, operation) DO UPDATE SET last_call = excluded.last_call WHERE operation_calls.last_call <= $earliest RETURNING 1;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$operation", operation);
        command.Parameters.AddWithValue("$now", FormatTime(now));
        command.Parameters.AddWithValue("$earliest", FormatTime(now - interval));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>How many identities there are of each type and DKIM status, over all accounts (for the metrics).</summary>
    public async Task<IReadOnlyList<(string Type, string DkimStatus, long Count)>> CountIdentitiesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, dkim_status, count(*) FROM identities GROUP BY type, dkim_status ORDER BY type, dkim_status;";
        var counts = new List<(string, string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // A claimed identity can be claimed again when its claim ends, if that is after its due time.
        command.CommandText =
            "SELECT MIN(CASE WHEN claimed_until > next_check THEN claimed_until ELSE next_check END) FROM identities WHERE next_check IS NOT NULL;";
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is string text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;
    }

    public async Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {IdentityColumns} FROM identities WHERE type = 'EmailAddress' AND json_extract(lifecycle, '$.VerificationToken') = $token;";
        command.Parameters.AddWithValue("$token", token);
        var found = await ReadAllAsync(command, ReadIdentity, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<string?> FindDkimRecordAsync(string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT txt FROM dkim_records WHERE label = $label;";
        command.Parameters.AddWithValue("$label", label.ToLowerInvariant());
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<(string Label, string Txt)>> ListDkimRecordsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT label, txt FROM dkim_records ORDER BY label;";
        return await ReadAllAsync(command, reader => (reader.GetString(0), reader.GetString(1)), cancellationToken);
    }

    public async Task<uint> OpenKeyZoneAsync(uint initialSerial, string providerRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerRecord);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO key_zone (id, serial, provider_record) VALUES (1, $initial, $provider) ON CONFLICT(id) DO UPDATE SET " +
            "serial = CASE WHEN provider_record = $provider THEN serial ELSE (serial + 1) % 4294967296 END, provider_record = $provider " +
            "RETURNING serial;";
        command.Parameters.AddWithValue("$initial", (long)initialSerial);
        command.Parameters.AddWithValue("$provider", providerRecord);
        return (uint)(long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    public async Task<uint> KeyZoneSerialAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT serial FROM key_zone WHERE id = 1;";
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

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var placeholders = names.Select((_, index) => $"$n{index}").ToArray();
        command.CommandText =
            $"SELECT {IdentityColumns} FROM identities WHERE account_id = $account AND name IN ({string.Join(", ", placeholders)});";
        command.Parameters.AddWithValue("$account", accountId);
        var position = 0;
        foreach (var name in names)
        {
            command.Parameters.AddWithValue(placeholders[position++], name);
        }

        return await ReadAllAsync(command, ReadIdentity, cancellationToken);
    }

    public async Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {IdentityColumns} FROM identities WHERE account_id = $account ORDER BY name;";
        command.Parameters.AddWithValue("$account", accountId);
        return await ReadAllAsync(command, ReadIdentity, cancellationToken);
    }

    public async Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM identities WHERE account_id = $account AND name = $name;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$name", IdentityNames.Normalize(name));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<IdentityTag>?> ListTagsAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // Read only: a deferred transaction takes no write lock, and gives the check and the read one snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var normalized = IdentityNames.Normalize(name);
        if (!await IdentityExistsAsync(connection, transaction, accountId, normalized, cancellationToken))
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT key, value FROM identity_tags WHERE account_id = $account AND identity = $name ORDER BY key;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$name", normalized);
        return await ReadAllAsync(command, reader => new IdentityTag(reader.GetString(0), reader.GetString(1)), cancellationToken);
    }

    public async Task<IdentityTagChange> AddTagsAsync(
        string accountId, string name, IReadOnlyList<IdentityTag> tags, int maxTags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tags);
        var normalized = IdentityNames.Normalize(name);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        // Deferred would read the count before another writer's insert lands; taking the write lock first makes
        // the check and the insert one step, so two concurrent TagResource calls cannot pass 50 between them.
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (!await IdentityExistsAsync(connection, transaction, accountId, normalized, cancellationToken))
        {
            return IdentityTagChange.IdentityNotFound;
        }

        foreach (var tag in tags)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText =
                "INSERT INTO identity_tags (account_id, identity, key, value) VALUES ($account, $name, $key, $value) " +
                "ON CONFLICT(account_id, identity, key) DO UPDATE SET value = $value;";
            upsert.Parameters.AddWithValue("$account", accountId);
            upsert.Parameters.AddWithValue("$name", normalized);
            upsert.Parameters.AddWithValue("$key", tag.Key);
            upsert.Parameters.AddWithValue("$value", tag.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT COUNT(*) FROM identity_tags WHERE account_id = $account AND identity = $name;";
            count.Parameters.AddWithValue("$account", accountId);
            count.Parameters.AddWithValue("$name", normalized);
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
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (!await IdentityExistsAsync(connection, transaction, accountId, normalized, cancellationToken))
        {
            return false;
        }

        foreach (var key in keys)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM identity_tags WHERE account_id = $account AND identity = $name AND key = $key;";
            delete.Parameters.AddWithValue("$account", accountId);
            delete.Parameters.AddWithValue("$name", normalized);
            delete.Parameters.AddWithValue("$key", key);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<IdentityHistoryEntry>> ListHistoryAsync(string accountId, string name, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await SqliteIdentityHistory.ListAsync(connection, accountId, IdentityNames.Normalize(name), limit, cancellationToken);
    }

    /// <summary>The stored identity, read inside the save's write transaction, so that what its history compares with is what it replaces.</summary>
    private async Task<Identity?> FindInTransactionAsync(
        SqliteConnection connection, SqliteTransaction transaction, string accountId, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {IdentityColumns} FROM identities WHERE account_id = $account AND name = $name;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$name", name);
        var found = await ReadAllAsync(command, ReadIdentity, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    private static async Task<bool> IdentityExistsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string accountId, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM identities WHERE account_id = $account AND name = $name;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task<Account?> FindAccountAsync(string column, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The column name comes from this class only, never from input.
        command.CommandText = $"SELECT id, name, smtp_user, smtp_password_hash, contact FROM accounts WHERE {column} = $value;";
        command.Parameters.AddWithValue("$value", value);
        var accounts = await ReadAllAsync(command, ReadAccount, cancellationToken);
        return accounts.Count > 0 ? accounts[0] : null;
    }

    private static async Task<HashSet<(string Label, string Txt)>> PublishedAsync(
        SqliteConnection connection, SqliteTransaction transaction, string accountId, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT label, txt FROM dkim_records WHERE account_id = $account AND identity = $name;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$name", name);
        return [.. await ReadAllAsync(command, reader => (reader.GetString(0), reader.GetString(1)), cancellationToken)];
    }

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _database.OpenConnectionAsync(cancellationToken);

    private static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(read(reader));
        }

        return results;
    }

    private static Account ReadAccount(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));

    private Identity ReadIdentity(SqliteDataReader reader)
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
            reader.GetInt64(5) != 0,
            key)
        {
            Version = reader.GetInt64(10),
        };
        if (reader.IsDBNull(9))
        {
            // Rows from before the lifecycle column: one key, given by the operator.
            return key is null ? identity : identity with { DkimOrigin = DkimSigningOrigin.External, DkimKeys = [key] };
        }

        var lifecycle = DeserializeLifecycle(identity.Name, reader.GetString(9));
        return _sealer.Open(identity.AccountId, identity.Name, lifecycle).ApplyTo(identity);
    }

    /// <summary>
    /// Encrypts the DKIM keys that rows written before encryption still hold as PEM. One write transaction, taken
    /// before reading, so it is safe whoever else has the database open (a CLI beside the server): a concurrent
    /// save waits for it, and a second process that opens the store meanwhile finds nothing left to do. The row's
    /// version is left alone, as its content is unchanged. Secure delete and a checkpoint keep the old plaintext
    /// out of free pages and the write-ahead log.
    /// </summary>
    private async Task EncryptPlaintextKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using (var secureDelete = connection.CreateCommand())
        {
            secureDelete.CommandText = "PRAGMA secure_delete = ON;";
            await secureDelete.ExecuteNonQueryAsync(cancellationToken);
        }

        var migrated = 0;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            var rows = new List<(string Account, string Name, SigningKey? Key, string? Lifecycle)>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText =
                    "SELECT account_id, name, selector, private_key_pem, key_bits, lifecycle FROM identities " +
                    "WHERE (private_key_pem IS NOT NULL AND private_key_pem NOT LIKE 'relay-sealed:%') OR lifecycle LIKE '%-----BEGIN%';";
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.IsDBNull(2) || reader.IsDBNull(3)
                        ? null
                        : new SigningKey(reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? 0 : reader.GetInt32(4));
                    rows.Add((reader.GetString(0), reader.GetString(1), key, reader.IsDBNull(5) ? null : reader.GetString(5)));
                }
            }

            foreach (var (account, name, key, lifecycle) in rows)
            {
                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = "UPDATE identities SET private_key_pem = $key, lifecycle = $lifecycle WHERE account_id = $account AND name = $name;";
                update.Parameters.AddWithValue("$account", account);
                update.Parameters.AddWithValue("$name", name);
                update.Parameters.AddWithValue("$key", key is null ? DBNull.Value
                    : DkimKeySealer.IsPlaintext(key.PrivateKeyPem) ? _sealer.Seal(account, name, key) : key.PrivateKeyPem);
                update.Parameters.AddWithValue("$lifecycle", lifecycle is null ? DBNull.Value
                    : SerializeLifecycle(_sealer.Seal(account, name, _sealer.Open(account, name, DeserializeLifecycle(name, lifecycle)))));
                migrated += await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (migrated > 0)
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string SerializeLifecycle(IdentityLifecycleRecord record) =>
        JsonSerializer.Serialize(record, IdentityLifecycleJson.Default.IdentityLifecycleRecord);

    private static IdentityLifecycleRecord DeserializeLifecycle(string identityName, string json) =>
        JsonSerializer.Deserialize(json, IdentityLifecycleJson.Default.IdentityLifecycleRecord)
            ?? throw new InvalidDataException($"Identity {identityName} has an empty lifecycle record.");

    private static string? FormatTime(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}

using Npgsql;
using NpgsqlTypes;
using Relay.Core.Accounts;

namespace Relay.Core.Storage.Postgres;

/// <summary>Access keys in the shared PostgreSQL database; secrets encrypted under the database's key-encryption key.</summary>
public sealed class PostgresAccessKeyStore : IAccessKeyStore
{
    private const string Columns = "id, account_id, secret_encrypted, created, revoked";

    private readonly PostgresDatabase _database;
    private readonly AccessKeySecretCipher _cipher;

    /// <summary>The store over <paramref name="database"/> (opened and migrated).</summary>
    public PostgresAccessKeyStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _cipher = new AccessKeySecretCipher(database.Cipher);
    }

    public async Task AddAsync(AccessKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"INSERT INTO access_keys ({Columns}) VALUES (@id, @account, @secret, @created, @revoked);", connection);
        command.Parameters.AddWithValue("id", key.Id);
        command.Parameters.AddWithValue("account", key.AccountId);
        command.Parameters.AddWithValue("secret", _cipher.Encrypt(key.Id, key.Secret));
        command.Parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(key.Created) });
        command.Parameters.Add(new NpgsqlParameter("revoked", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(key.Revoked) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AccessKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM access_keys WHERE id = @id;", connection);
        command.Parameters.AddWithValue("id", id);
        var found = await PostgresRows.ReadAllAsync(command, Read, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyList<AccessKey>> ListAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            accountId is null
                ? $"SELECT {Columns} FROM access_keys ORDER BY created, id COLLATE \"C\";"
                : $"SELECT {Columns} FROM access_keys WHERE account_id = @account ORDER BY created, id COLLATE \"C\";",
            connection);
        if (accountId is not null)
        {
            command.Parameters.AddWithValue("account", accountId);
        }

        return await PostgresRows.ReadAllAsync(command, Read, cancellationToken);
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("UPDATE access_keys SET revoked = @revoked WHERE id = @id AND revoked IS NULL;", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("revoked", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(revokedAt) });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private AccessKey Read(NpgsqlDataReader reader)
    {
        var id = reader.GetString(0);
        return new AccessKey(
            id,
            reader.GetString(1),
            _cipher.Decrypt(id, reader.GetFieldValue<byte[]>(2)),
            PostgresRows.ReadTime(reader, 3),
            reader.IsDBNull(4) ? null : PostgresRows.ReadTime(reader, 4));
    }
}

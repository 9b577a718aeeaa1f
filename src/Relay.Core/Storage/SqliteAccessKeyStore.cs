using System.Globalization;
using Microsoft.Data.Sqlite;
using Relay.Core.Accounts;

namespace Relay.Core.Storage;

/// <summary>Access keys in the same SQLite file as accounts and identities; secrets encrypted with <see cref="AccessKeySecretCipher"/>.</summary>
public sealed class SqliteAccessKeyStore : IAccessKeyStore
{
    private const string Columns = "id, account_id, secret_encrypted, created, revoked";

    private readonly SqliteDatabase _database;
    private readonly AccessKeySecretCipher _cipher;

    private SqliteAccessKeyStore(SqliteDatabase database, AccessKeySecretCipher cipher)
    {
        _database = database;
        _cipher = cipher;
    }

    /// <summary>Opens the database at <paramref name="databasePath"/> (migrating it when needed).</summary>
    public static async Task<SqliteAccessKeyStore> OpenAsync(string databasePath, AccessKeySecretCipher cipher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        return new SqliteAccessKeyStore(await SqliteDatabase.OpenAsync(databasePath, cancellationToken), cipher);
    }

    public async Task AddAsync(AccessKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO access_keys ({Columns}) VALUES ($id, $account, $secret, $created, $revoked);";
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$account", key.AccountId);
        command.Parameters.AddWithValue("$secret", _cipher.Encrypt(key.Id, key.Secret));
        command.Parameters.AddWithValue("$created", Format(key.Created));
        command.Parameters.AddWithValue("$revoked", key.Revoked is { } revoked ? Format(revoked) : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AccessKey?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM access_keys WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        var found = await ReadAllAsync(command, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyList<AccessKey>> ListAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = accountId is null
            ? $"SELECT {Columns} FROM access_keys ORDER BY created, id;"
            : $"SELECT {Columns} FROM access_keys WHERE account_id = $account ORDER BY created, id;";
        if (accountId is not null)
        {
            command.Parameters.AddWithValue("$account", accountId);
        }

        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE access_keys SET revoked = $revoked WHERE id = $id AND revoked IS NULL;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$revoked", Format(revokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<AccessKey>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var keys = new List<AccessKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            keys.Add(new AccessKey(
                id,
                reader.GetString(1),
                _cipher.Decrypt(id, (byte[])reader.GetValue(2)),
                Parse(reader.GetString(3)),
                reader.IsDBNull(4) ? null : Parse(reader.GetString(4))));
        }

        return keys;
    }

    private Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        _database.OpenConnectionAsync(cancellationToken);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

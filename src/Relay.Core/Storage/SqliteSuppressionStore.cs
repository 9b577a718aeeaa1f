using System.Globalization;
using Microsoft.Data.Sqlite;
using Relay.Core.Suppression;

namespace Relay.Core.Storage;

/// <summary>Suppression lists and accounts' suppressed reasons, in the same SQLite file as accounts.</summary>
public sealed class SqliteSuppressionStore : ISuppressionStore
{
    private readonly SqliteDatabase _database;

    private SqliteSuppressionStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens the database at <paramref name="databasePath"/> (migrating it when needed).</summary>
    public static async Task<SqliteSuppressionStore> OpenAsync(string databasePath, CancellationToken cancellationToken) =>
        new(await SqliteDatabase.OpenAsync(databasePath, cancellationToken));

    public async Task PutAsync(SuppressedDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO suppressed_destinations (account_id, address, reason, last_update, message_id, diagnostic)
            VALUES ($account, $address, $reason, $updated, $message, $diagnostic)
            ON CONFLICT (account_id, address) DO UPDATE SET reason = excluded.reason, last_update = excluded.last_update,
                message_id = excluded.message_id, diagnostic = excluded.diagnostic;
            """;
        command.Parameters.AddWithValue("$account", destination.AccountId);
        command.Parameters.AddWithValue("$address", destination.EmailAddress);
        command.Parameters.AddWithValue("$reason", destination.Reason.ToString());
        command.Parameters.AddWithValue("$updated", Stored(destination.LastUpdate));
        command.Parameters.AddWithValue("$message", (object?)destination.MessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$diagnostic", (object?)destination.Diagnostic ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SuppressedDestination?> FindAsync(string accountId, string emailAddress, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{Select} WHERE account_id = $account AND address = $address;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$address", emailAddress);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlySet<string>> FindAmongAsync(string accountId, IReadOnlyCollection<string> emailAddresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emailAddresses);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (emailAddresses.Count == 0)
        {
            return found;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT address FROM suppressed_destinations WHERE account_id = $account AND address IN (SELECT value FROM json_each($addresses));";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$addresses", System.Text.Json.JsonSerializer.Serialize(emailAddresses));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    public async Task<bool> DeleteAsync(string accountId, string emailAddress, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM suppressed_destinations WHERE account_id = $account AND address = $address;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$address", emailAddress);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<SuppressedDestination>> ListAsync(string accountId, SuppressionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {Select} WHERE account_id = $account
              AND ($after IS NULL OR address > $after)
              AND ($reasons IS NULL OR reason IN (SELECT value FROM json_each($reasons)))
              AND ($start IS NULL OR last_update >= $start)
              AND ($end IS NULL OR last_update <= $end)
            ORDER BY address LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$after", (object?)query.After ?? DBNull.Value);
        command.Parameters.AddWithValue("$reasons", query.Reasons.Count == 0
            ? DBNull.Value
            : System.Text.Json.JsonSerializer.Serialize(query.Reasons.Select(reason => reason.ToString())));
        command.Parameters.AddWithValue("$start", query.StartDate is { } start ? Stored(start) : DBNull.Value);
        command.Parameters.AddWithValue("$end", query.EndDate is { } end ? Stored(end) : DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.PageSize);
        var page = new List<SuppressedDestination>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(Read(reader));
        }

        return page;
    }

    public async Task<IReadOnlyList<SuppressionReason>?> FindReasonsAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reasons FROM account_suppression WHERE account_id = $account;";
        command.Parameters.AddWithValue("$account", accountId);
        return await command.ExecuteScalarAsync(cancellationToken) is string reasons
            ? reasons.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<SuppressionReason>).ToList()
            : null;
    }

    public async Task SaveReasonsAsync(string accountId, IReadOnlyList<SuppressionReason> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO account_suppression (account_id, reasons) VALUES ($account, $reasons)
            ON CONFLICT (account_id) DO UPDATE SET reasons = excluded.reasons;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$reasons", string.Join(',', reasons));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Select = "SELECT account_id, address, reason, last_update, message_id, diagnostic FROM suppressed_destinations";

    // Fixed-width UTC ("O" of a UTC time) so that text order is time order in the date filters.
    private static string Stored(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static SuppressedDestination Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<SuppressionReason>(reader.GetString(2)),
        DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}

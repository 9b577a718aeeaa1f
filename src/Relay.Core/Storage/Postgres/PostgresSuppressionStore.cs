using Npgsql;
using NpgsqlTypes;
using Relay.Core.Suppression;

namespace Relay.Core.Storage.Postgres;

/// <summary>Suppression lists and accounts' suppressed reasons in the shared PostgreSQL database.</summary>
public sealed class PostgresSuppressionStore : ISuppressionStore
{
    private const string Select = "SELECT account_id, address, reason, last_update, message_id, diagnostic FROM suppressed_destinations";

    private readonly PostgresDatabase _database;

    /// <summary>The store over <paramref name="database"/> (opened and migrated).</summary>
    public PostgresSuppressionStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task PutAsync(SuppressedDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO suppressed_destinations (account_id, address, reason, last_update, message_id, diagnostic)
            VALUES (@account, @address, @reason, @updated, @message, @diagnostic)
            ON CONFLICT (account_id, address) DO UPDATE SET reason = excluded.reason, last_update = excluded.last_update,
                message_id = excluded.message_id, diagnostic = excluded.diagnostic;
            """, connection);
        command.Parameters.AddWithValue("account", destination.AccountId);
        command.Parameters.AddWithValue("address", destination.EmailAddress);
        command.Parameters.AddWithValue("reason", destination.Reason.ToString());
        command.Parameters.Add(new NpgsqlParameter("updated", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(destination.LastUpdate) });
        command.Parameters.Add(new NpgsqlParameter("message", NpgsqlDbType.Text) { Value = (object?)destination.MessageId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("diagnostic", NpgsqlDbType.Text) { Value = (object?)destination.Diagnostic ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SuppressedDestination?> FindAsync(string accountId, string emailAddress, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"{Select} WHERE account_id = @account AND address = @address;", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("address", emailAddress);
        var found = await PostgresRows.ReadAllAsync(command, Read, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlySet<string>> FindAmongAsync(string accountId, IReadOnlyCollection<string> emailAddresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emailAddresses);
        if (emailAddresses.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT address FROM suppressed_destinations WHERE account_id = @account AND address = ANY(@addresses);", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("addresses", emailAddresses.ToArray());
        var found = await PostgresRows.ReadAllAsync(command, reader => reader.GetString(0), cancellationToken);
        return found.ToHashSet(StringComparer.Ordinal);
    }

    public async Task<bool> DeleteAsync(string accountId, string emailAddress, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "DELETE FROM suppressed_destinations WHERE account_id = @account AND address = @address;", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("address", emailAddress);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<SuppressedDestination>> ListAsync(string accountId, SuppressionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            {Select} WHERE account_id = @account
              AND (@after::text IS NULL OR address COLLATE "C" > @after::text)
              AND (@reasons::text[] IS NULL OR reason = ANY(@reasons::text[]))
              AND (@start::timestamptz IS NULL OR last_update >= @start::timestamptz)
              AND (@end::timestamptz IS NULL OR last_update <= @end::timestamptz)
            ORDER BY address COLLATE "C" LIMIT @limit;
            """, connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Text) { Value = (object?)query.After ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("reasons", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = query.Reasons.Count == 0 ? DBNull.Value : query.Reasons.Select(reason => reason.ToString()).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter("start", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(query.StartDate) });
        command.Parameters.Add(new NpgsqlParameter("end", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(query.EndDate) });
        command.Parameters.AddWithValue("limit", query.PageSize);
        return await PostgresRows.ReadAllAsync(command, Read, cancellationToken);
    }

    public async Task<IReadOnlyList<SuppressionReason>?> FindReasonsAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT reasons FROM account_suppression WHERE account_id = @account;", connection);
        command.Parameters.AddWithValue("account", accountId);
        return await command.ExecuteScalarAsync(cancellationToken) is string reasons
            ? reasons.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<SuppressionReason>).ToList()
            : null;
    }

    public async Task SaveReasonsAsync(string accountId, IReadOnlyList<SuppressionReason> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO account_suppression (account_id, reasons) VALUES (@account, @reasons)
            ON CONFLICT (account_id) DO UPDATE SET reasons = excluded.reasons;
            """, connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("reasons", string.Join(',', reasons));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SuppressedDestination Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Enum.Parse<SuppressionReason>(reader.GetString(2)),
        PostgresRows.ReadTime(reader, 3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}

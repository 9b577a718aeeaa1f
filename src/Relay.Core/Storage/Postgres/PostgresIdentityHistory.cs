using Npgsql;
using NpgsqlTypes;
using Relay.Core.Identities;

namespace Relay.Core.Storage.Postgres;

/// <summary>The <c>identity_history</c> table of the PostgreSQL store, as <see cref="SqliteIdentityHistory"/> keeps SQLite's.</summary>
internal static class PostgresIdentityHistory
{
    private const string Columns = "account_id, identity, at, change, from_value, to_value, finding, finding_record, detail";

    /// <summary>Adds <paramref name="rows"/> (all of one identity) and deletes that identity's rows beyond the newest <paramref name="keep"/>.</summary>
    public static async Task AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IdentityHistoryEntry> rows, int keep, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var row in rows)
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO identity_history ({Columns}) VALUES (@account, @name, @at, @change, @from, @to, @finding, @record, @detail);",
                connection, transaction);
            insert.Parameters.AddWithValue("account", row.AccountId);
            insert.Parameters.AddWithValue("name", row.Name);
            insert.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = PostgresRows.Time(row.When) });
            insert.Parameters.AddWithValue("change", row.Change.ToString());
            insert.Parameters.Add(Text("from", row.From));
            insert.Parameters.Add(Text("to", row.To));
            insert.Parameters.Add(Text("finding", row.Finding));
            insert.Parameters.Add(Text("record", row.FindingRecord));
            insert.Parameters.Add(Text("detail", row.Detail));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var trim = new NpgsqlCommand(
            "DELETE FROM identity_history WHERE account_id = @account AND identity = @name AND id NOT IN " +
            "(SELECT id FROM identity_history WHERE account_id = @account AND identity = @name ORDER BY id DESC LIMIT @keep);",
            connection, transaction);
        trim.Parameters.AddWithValue("account", rows[0].AccountId);
        trim.Parameters.AddWithValue("name", rows[0].Name);
        trim.Parameters.AddWithValue("keep", keep);
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<IdentityHistoryEntry>> ListAsync(
        NpgsqlConnection connection, string accountId, string name, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM identity_history WHERE account_id = @account AND identity = @name ORDER BY id DESC LIMIT @limit;", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<IdentityHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!Enum.TryParse<IdentityHistoryChange>(reader.GetString(3), out var change))
            {
                continue; // written by a newer Relay that knows more kinds of change
            }

            rows.Add(new IdentityHistoryEntry(
                reader.GetString(0), reader.GetString(1), PostgresRows.ReadTime(reader, 2), change,
                Read(reader, 4), Read(reader, 5), Read(reader, 6), Read(reader, 7), Read(reader, 8)));
        }

        return rows;
    }

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static string? Read(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

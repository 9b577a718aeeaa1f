using System.Globalization;
using Microsoft.Data.Sqlite;
using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>The <c>identity_history</c> table of the SQLite store: rows added inside an identity's save, and read newest first.</summary>
internal static class SqliteIdentityHistory
{
    private const string Columns = "account_id, identity, at, change, from_value, to_value, finding, finding_record, detail";

    /// <summary>Adds <paramref name="rows"/> (all of one identity) and deletes that identity's rows beyond the newest <paramref name="keep"/>.</summary>
    public static async Task AppendAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<IdentityHistoryEntry> rows, int keep, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var row in rows)
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                $"INSERT INTO identity_history ({Columns}) VALUES ($account, $name, $at, $change, $from, $to, $finding, $record, $detail);";
            insert.Parameters.AddWithValue("$account", row.AccountId);
            insert.Parameters.AddWithValue("$name", row.Name);
            insert.Parameters.AddWithValue("$at", row.When.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$change", row.Change.ToString());
            insert.Parameters.AddWithValue("$from", (object?)row.From ?? DBNull.Value);
            insert.Parameters.AddWithValue("$to", (object?)row.To ?? DBNull.Value);
            insert.Parameters.AddWithValue("$finding", (object?)row.Finding ?? DBNull.Value);
            insert.Parameters.AddWithValue("$record", (object?)row.FindingRecord ?? DBNull.Value);
            insert.Parameters.AddWithValue("$detail", (object?)row.Detail ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var trim = connection.CreateCommand();
        trim.Transaction = transaction;
        trim.CommandText =
            "DELETE FROM identity_history WHERE account_id = $account AND identity = $name AND id NOT IN " +
            "(SELECT id FROM identity_history WHERE account_id = $account AND identity = $name ORDER BY id DESC LIMIT $keep);";
        trim.Parameters.AddWithValue("$account", rows[0].AccountId);
        trim.Parameters.AddWithValue("$name", rows[0].Name);
        trim.Parameters.AddWithValue("$keep", keep);
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<IReadOnlyList<IdentityHistoryEntry>> ListAsync(
        SqliteConnection connection, string accountId, string name, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {Columns} FROM identity_history WHERE account_id = $account AND identity = $name ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<IdentityHistoryEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!Enum.TryParse<IdentityHistoryChange>(reader.GetString(3), out var change))
            {
                continue; // written by a newer Relay that knows more kinds of change
            }

            rows.Add(new IdentityHistoryEntry(
                reader.GetString(0),
                reader.GetString(1),
                DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                change,
                Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8)));
        }

        return rows;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

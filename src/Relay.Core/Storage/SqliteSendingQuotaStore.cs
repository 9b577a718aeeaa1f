using Microsoft.Data.Sqlite;
using Relay.Core.Quotas;

namespace Relay.Core.Storage;

/// <summary>
/// Sending counts (one row per account and minute) and the accounts' own limits, in the same SQLite file as accounts;
/// and the rate's buckets for processes that share the file (the server itself keeps its rate in memory).
/// </summary>
public sealed class SqliteSendingQuotaStore : ISendingQuotaStore, ISendRateStore
{
    private readonly SqliteDatabase _database;

    private SqliteSendingQuotaStore(SqliteDatabase database) => _database = database;

    /// <summary>Opens the database at <paramref name="databasePath"/> (migrating it when needed).</summary>
    public static async Task<SqliteSendingQuotaStore> OpenAsync(string databasePath, CancellationToken cancellationToken) =>
        new(await SqliteDatabase.OpenAsync(databasePath, cancellationToken));

    public async Task<IReadOnlyList<SendCount>> ReadCountsAsync(long sinceMinute, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, minute, recipients FROM send_counts WHERE minute >= $since ORDER BY minute;";
        command.Parameters.AddWithValue("$since", sinceMinute);
        var counts = new List<SendCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new SendCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task AddCountsAsync(IReadOnlyCollection<SendCount> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO send_counts (account_id, minute, recipients) VALUES ($account, $minute, $recipients)
            ON CONFLICT (account_id, minute) DO UPDATE SET recipients = recipients + excluded.recipients;
            """;
        var account = command.Parameters.Add("$account", SqliteType.Text);
        var minute = command.Parameters.Add("$minute", SqliteType.Integer);
        var recipients = command.Parameters.Add("$recipients", SqliteType.Integer);
        foreach (var count in counts)
        {
            account.Value = count.AccountId;
            minute.Value = count.Minute;
            recipients.Value = count.Recipients;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteCountsBeforeAsync(long minute, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM send_counts WHERE minute < $minute;";
        command.Parameters.AddWithValue("$minute", minute);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, AccountSendingLimits>> ReadLimitsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, max_24_hour_send, max_send_rate FROM sending_limits;";
        var limits = new Dictionary<string, AccountSendingLimits>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            limits[reader.GetString(0)] = new AccountSendingLimits(
                reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2));
        }

        return limits;
    }

    public async Task SaveLimitsAsync(string accountId, AccountSendingLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = limits is { Max24HourSend: null, MaxSendRate: null }
            ? "DELETE FROM sending_limits WHERE account_id = $account;"
            : """
              INSERT INTO sending_limits (account_id, max_24_hour_send, max_send_rate) VALUES ($account, $daily, $rate)
              ON CONFLICT (account_id) DO UPDATE SET max_24_hour_send = excluded.max_24_hour_send, max_send_rate = excluded.max_send_rate;
              """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$daily", limits.Max24HourSend is { } daily ? daily : DBNull.Value);
        command.Parameters.AddWithValue("$rate", limits.MaxSendRate is { } rate ? rate : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TryTakeRateAsync(
        string accountId, int recipients, SendingLimits limits, double nowSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO send_rate (account_id, tokens, refilled_at, rate, capacity)
            VALUES ($account, $capacity - $recipients, $now, $rate, $capacity)
            ON CONFLICT (account_id) DO UPDATE SET
                tokens = min($capacity, tokens + max(0, $now - refilled_at) * $rate) - $recipients,
                refilled_at = max(refilled_at, $now),
                rate = $rate,
                capacity = $capacity
            WHERE min($capacity, tokens + max(0, $now - refilled_at) * $rate) >= $least
            RETURNING 1;
            """;
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$recipients", (double)recipients);
        command.Parameters.AddWithValue("$now", nowSeconds);
        command.Parameters.AddWithValue("$rate", limits.MaxSendRate);
        command.Parameters.AddWithValue("$capacity", limits.RateCapacity);
        command.Parameters.AddWithValue("$least", 1 - SendRateRounding.Allowance);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task GiveBackRateAsync(string accountId, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE send_rate SET tokens = min(capacity, tokens + $recipients) WHERE account_id = $account;";
        command.Parameters.AddWithValue("$account", accountId);
        command.Parameters.AddWithValue("$recipients", (double)recipients);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteFullRateBucketsAsync(double nowSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM send_rate WHERE tokens + max(0, $now - refilled_at) * rate >= capacity;";
        command.Parameters.AddWithValue("$now", nowSeconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

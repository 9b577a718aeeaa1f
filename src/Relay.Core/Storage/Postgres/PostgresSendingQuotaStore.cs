using Npgsql;
using NpgsqlTypes;
using Relay.Core.Quotas;

namespace Relay.Core.Storage.Postgres;

/// <summary>
/// Sending counts (one row per account and minute) and the accounts' own limits in the shared PostgreSQL database.
/// Counts are added, never overwritten, so every node's flush adds up. The rate's buckets are here too, one row per
/// account taken from by one upsert per message.
/// </summary>
public sealed class PostgresSendingQuotaStore : ISendingQuotaStore, ISendRateStore
{
    private readonly PostgresDatabase _database;

    /// <summary>The store over <paramref name="database"/> (opened and migrated).</summary>
    public PostgresSendingQuotaStore(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public async Task<IReadOnlyList<SendCount>> ReadCountsAsync(long sinceMinute, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT account_id, minute, recipients FROM send_counts WHERE minute >= @since ORDER BY minute;", connection);
        command.Parameters.AddWithValue("since", sinceMinute);
        return await PostgresRows.ReadAllAsync(
            command, reader => new SendCount(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)), cancellationToken);
    }

    public async Task AddCountsAsync(IReadOnlyCollection<SendCount> counts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO send_counts (account_id, minute, recipients) VALUES (@account, @minute, @recipients)
            ON CONFLICT (account_id, minute) DO UPDATE SET recipients = send_counts.recipients + excluded.recipients;
            """, connection, transaction);
        var account = command.Parameters.Add("account", NpgsqlDbType.Text);
        var minute = command.Parameters.Add("minute", NpgsqlDbType.Bigint);
        var recipients = command.Parameters.Add("recipients", NpgsqlDbType.Bigint);
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
        await using var command = new NpgsqlCommand("DELETE FROM send_counts WHERE minute < @minute;", connection);
        command.Parameters.AddWithValue("minute", minute);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, AccountSendingLimits>> ReadLimitsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT account_id, max_24_hour_send, max_send_rate FROM sending_limits;", connection);
        var rows = await PostgresRows.ReadAllAsync(command, reader => (reader.GetString(0), new AccountSendingLimits(
            reader.IsDBNull(1) ? null : reader.GetDouble(1),
            reader.IsDBNull(2) ? null : reader.GetDouble(2))), cancellationToken);
        return rows.ToDictionary(row => row.Item1, row => row.Item2, StringComparer.Ordinal);
    }

    public async Task SaveLimitsAsync(string accountId, AccountSendingLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            limits is { Max24HourSend: null, MaxSendRate: null }
                ? "DELETE FROM sending_limits WHERE account_id = @account;"
                : """
                  INSERT INTO sending_limits (account_id, max_24_hour_send, max_send_rate) VALUES (@account, @daily, @rate)
                  ON CONFLICT (account_id) DO UPDATE SET max_24_hour_send = excluded.max_24_hour_send, max_send_rate = excluded.max_send_rate;
                  """,
            connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.Add(new NpgsqlParameter("daily", NpgsqlDbType.Double) { Value = limits.Max24HourSend is { } daily ? daily : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("rate", NpgsqlDbType.Double) { Value = limits.MaxSendRate is { } rate ? rate : DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TryTakeRateAsync(
        string accountId, int recipients, SendingLimits limits, double nowSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // One statement: the row lock of ON CONFLICT makes concurrent takes through any node queue, and the WHERE is
        // evaluated on the row as the previous take left it. The refill time only moves forward (see ISendRateStore).
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO send_rate AS bucket (account_id, tokens, refilled_at, rate, capacity)
            VALUES (@account, @capacity - @recipients, @now, @rate, @capacity)
            ON CONFLICT (account_id) DO UPDATE SET
                tokens = LEAST(@capacity, bucket.tokens + GREATEST(0, @now - bucket.refilled_at) * @rate) - @recipients,
                refilled_at = GREATEST(bucket.refilled_at, @now),
                rate = @rate,
                capacity = @capacity
            WHERE LEAST(@capacity, bucket.tokens + GREATEST(0, @now - bucket.refilled_at) * @rate) >= @least
            RETURNING 1;
            """, connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("recipients", (double)recipients);
        command.Parameters.AddWithValue("now", nowSeconds);
        command.Parameters.AddWithValue("rate", limits.MaxSendRate);
        command.Parameters.AddWithValue("capacity", limits.RateCapacity);
        command.Parameters.AddWithValue("least", 1 - SendRateRounding.Allowance);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task GiveBackRateAsync(string accountId, int recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE send_rate SET tokens = LEAST(capacity, tokens + @recipients) WHERE account_id = @account;", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("recipients", (double)recipients);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteFullRateBucketsAsync(double nowSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "DELETE FROM send_rate WHERE tokens + GREATEST(0, @now - refilled_at) * rate >= capacity;", connection);
        command.Parameters.AddWithValue("now", nowSeconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

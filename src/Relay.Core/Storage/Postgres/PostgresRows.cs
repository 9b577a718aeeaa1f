using Npgsql;

namespace Relay.Core.Storage.Postgres;

/// <summary>Reading rows and writing times the way every PostgreSQL store does.</summary>
internal static class PostgresRows
{
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var results = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            results.Add(read(reader));
        }

        return results;
    }

    /// <summary>
    /// A time for a timestamptz parameter: Npgsql takes only UTC offsets. PostgreSQL keeps microseconds, so the
    /// tenths of a microsecond a .NET time may carry are rounded away (SQLite's text kept them).
    /// </summary>
    public static object Time(DateTimeOffset? time) => time is { } value ? value.ToUniversalTime() : DBNull.Value;

    /// <summary>A timestamptz column as a UTC <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}

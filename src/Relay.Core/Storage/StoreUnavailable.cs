using System.Data.Common;
using Npgsql;

namespace Relay.Core.Storage;

/// <summary>
/// Tells a store that cannot be reached for now (PostgreSQL stopped, restarting, blackholed past
/// <c>Relay:Store:CommandTimeout</c>, its pool exhausted) from a fault of Relay's own: the front doors answer the first
/// with a temporary error (SMTP 451 4.3.0, AUTH 454 4.7.0, API 503 ServiceUnavailable) and one log line, and try the
/// store again with the next request, so the node recovers by itself when the database is back.
/// </summary>
public static class StoreUnavailable
{
    /// <summary>What a client is told, in one line.</summary>
    public const string Reason = "the account store cannot be reached, try again later";

    /// <summary>True for a failure to reach the store; false for anything else (a constraint, a bug), which stays an error.</summary>
    public static bool Is(Exception exception) => exception switch
    {
        // The server said so: shutting down (57P01-57P03), a connection fault (08…), or anything it calls transient.
        PostgresException server => server.IsTransient
            || server.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || server.SqlState.StartsWith("08", StringComparison.Ordinal),
        // The client side: refused, reset, timed out, the pool exhausted.
        NpgsqlException => true,
        DbException other => other.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>The first line of the failure, for the log (never a stack trace).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = exception.InnerException is { } cause ? $" ({cause.Message.Split('\n', 2)[0].TrimEnd('\r')})" : string.Empty;
        return exception.Message.Split('\n', 2)[0].TrimEnd('\r') + inner;
    }
}

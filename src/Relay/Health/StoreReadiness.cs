using Microsoft.Data.Sqlite;
using Relay.Core.Observability;
using Relay.Core.Storage;

namespace Relay.Health;

/// <summary>Ready while the database answers a query.</summary>
internal sealed class StoreReadiness(SqliteRelayStore store) : IReadinessCheck
{
    public string Name => "store";

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.CheckReadableAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            return ex.Message;
        }
    }
}

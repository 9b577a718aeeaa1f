using System.Data.Common;
using Relay.Core.Observability;
using Relay.Core.Storage;

namespace Relay.Health;

/// <summary>Ready while the database (the SQLite file, or the shared PostgreSQL) answers a query.</summary>
internal sealed class StoreReadiness(IRelayStore store) : IReadinessCheck
{
    public string Name => "store";

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.CheckReadableAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            return ex.Message;
        }
    }
}

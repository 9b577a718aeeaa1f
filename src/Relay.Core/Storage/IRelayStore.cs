using Relay.Core.Accounts;
using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>
/// Accounts, identities, their tags and history, the served DKIM records and the calls of rate-limited operations in one store, as
/// the host and the CLI use them: <see cref="SqliteRelayStore"/> (one node) or <see cref="Postgres.PostgresRelayStore"/>
/// (several nodes).
/// </summary>
public interface IRelayStore : IAccountStore, IIdentityStore, IIdentityTagStore, IDkimRecordStore, IOperationCallStore, IIdentityHistoryStore
{
    /// <summary>Throws when the database cannot be read (the readiness check: a query, not just an open handle).</summary>
    Task CheckReadableAsync(CancellationToken cancellationToken);

    /// <summary>How many identities there are of each type and DKIM status, over all accounts (for the metrics).</summary>
    Task<IReadOnlyList<(string Type, string DkimStatus, long Count)>> CountIdentitiesAsync(CancellationToken cancellationToken);
}

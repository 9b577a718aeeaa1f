namespace Relay.Core.Identities;

/// <summary>
/// The stored history of identities: every save adds what it changed (<see cref="IdentityHistoryChanges"/>), in the
/// same transaction; the last <c>Relay:Identities:HistoryPerIdentity</c> rows per identity are kept, and deleting the
/// identity deletes them.
/// </summary>
public interface IIdentityHistoryStore
{
    /// <summary>The latest <paramref name="limit"/> rows of one identity of the account, newest first; empty when there are none.</summary>
    Task<IReadOnlyList<IdentityHistoryEntry>> ListHistoryAsync(string accountId, string name, int limit, CancellationToken cancellationToken);
}

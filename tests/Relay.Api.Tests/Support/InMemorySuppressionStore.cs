using Relay.Core.Suppression;

namespace Relay.Api.Tests.Support;

/// <summary>Suppression lists in memory, with the SQLite store's order and filters (the store's own tests pin those).</summary>
internal sealed class InMemorySuppressionStore : ISuppressionStore
{
    private readonly Dictionary<(string Account, string Address), SuppressedDestination> _entries = [];
    private readonly Dictionary<string, IReadOnlyList<SuppressionReason>> _reasons = new(StringComparer.Ordinal);

    public Task PutAsync(SuppressedDestination destination, CancellationToken cancellationToken)
    {
        _entries[(destination.AccountId, destination.EmailAddress)] = destination;
        return Task.CompletedTask;
    }

    public Task<SuppressedDestination?> FindAsync(string accountId, string emailAddress, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.GetValueOrDefault((accountId, emailAddress)));

    public Task<IReadOnlySet<string>> FindAmongAsync(string accountId, IReadOnlyCollection<string> emailAddresses, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(emailAddresses.Where(address => _entries.ContainsKey((accountId, address))).ToHashSet(StringComparer.Ordinal));

    public Task<bool> DeleteAsync(string accountId, string emailAddress, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.Remove((accountId, emailAddress)));

    public Task<IReadOnlyList<SuppressedDestination>> ListAsync(string accountId, SuppressionQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SuppressedDestination>>(_entries.Values
            .Where(entry => entry.AccountId == accountId)
            .Where(entry => query.After is null || string.CompareOrdinal(entry.EmailAddress, query.After) > 0)
            .Where(entry => query.Reasons.Count == 0 || query.Reasons.Contains(entry.Reason))
            .Where(entry => query.StartDate is not { } start || entry.LastUpdate >= start)
            .Where(entry => query.EndDate is not { } end || entry.LastUpdate <= end)
            .OrderBy(entry => entry.EmailAddress, StringComparer.Ordinal)
            .Take(query.PageSize)
            .ToList());

    public Task<IReadOnlyList<SuppressionReason>?> FindReasonsAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(_reasons.GetValueOrDefault(accountId));

    public Task SaveReasonsAsync(string accountId, IReadOnlyList<SuppressionReason> reasons, CancellationToken cancellationToken)
    {
        _reasons[accountId] = reasons;
        return Task.CompletedTask;
    }
}

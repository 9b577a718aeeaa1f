using System.Data.Common;
using Relay.Core.Quotas;

namespace Relay.Core.Tests.Quotas;

/// <summary>A quota store in memory that records what was written and can fail its next writes.</summary>
internal sealed class InMemorySendingQuotaStore : ISendingQuotaStore
{
    private readonly Dictionary<(string, long), long> _counts = [];
    private readonly Dictionary<string, AccountSendingLimits> _limits = new(StringComparer.Ordinal);

    public int FailingWrites { get; set; }

    public int FailingLimitReads { get; set; }

    public int Writes { get; private set; }

    public long Stored(string accountId) => _counts.Where(pair => pair.Key.Item1 == accountId).Sum(pair => pair.Value);

    public Task<IReadOnlyList<SendCount>> ReadCountsAsync(long sinceMinute, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SendCount>>(_counts.Where(pair => pair.Key.Item2 >= sinceMinute)
            .Select(pair => new SendCount(pair.Key.Item1, pair.Key.Item2, pair.Value)).ToList());

    public Task AddCountsAsync(IReadOnlyCollection<SendCount> counts, CancellationToken cancellationToken)
    {
        if (FailingWrites > 0)
        {
            FailingWrites--;
            throw new StoreUnavailableException();
        }

        Writes++;
        foreach (var count in counts)
        {
            _counts[(count.AccountId, count.Minute)] = _counts.GetValueOrDefault((count.AccountId, count.Minute)) + count.Recipients;
        }

        return Task.CompletedTask;
    }

    public Task DeleteCountsBeforeAsync(long minute, CancellationToken cancellationToken)
    {
        foreach (var key in _counts.Keys.Where(key => key.Item2 < minute).ToList())
        {
            _counts.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, AccountSendingLimits>> ReadLimitsAsync(CancellationToken cancellationToken)
    {
        if (FailingLimitReads > 0)
        {
            FailingLimitReads--;
            throw new StoreUnavailableException();
        }

        return Task.FromResult<IReadOnlyDictionary<string, AccountSendingLimits>>(new Dictionary<string, AccountSendingLimits>(_limits));
    }

    public Task SaveLimitsAsync(string accountId, AccountSendingLimits limits, CancellationToken cancellationToken)
    {
        _limits[accountId] = limits;
        return Task.CompletedTask;
    }

    private sealed class StoreUnavailableException() : DbException("database is locked");
}

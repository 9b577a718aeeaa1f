namespace Relay.Core.Quotas;

/// <summary>
/// Where the rolling 24-hour counts and the accounts' own limits survive a restart. Narrow, and free of any counting
/// logic (that is <see cref="SendingQuota"/>'s), so that a shared (e.g. PostgreSQL) store can replace SQLite.
/// </summary>
public interface ISendingQuotaStore
{
    /// <summary>Every stored minute count from <paramref name="sinceMinute"/> on.</summary>
    Task<IReadOnlyList<SendCount>> ReadCountsAsync(long sinceMinute, CancellationToken cancellationToken);

    /// <summary>Adds each count to the stored count of its account and minute (creating it), all or nothing.</summary>
    Task AddCountsAsync(IReadOnlyCollection<SendCount> counts, CancellationToken cancellationToken);

    /// <summary>Forgets the counts of minutes before <paramref name="minute"/>.</summary>
    Task DeleteCountsBeforeAsync(long minute, CancellationToken cancellationToken);

    /// <summary>The accounts that have limits of their own, by account id.</summary>
    Task<IReadOnlyDictionary<string, AccountSendingLimits>> ReadLimitsAsync(CancellationToken cancellationToken);

    /// <summary>Sets an account's own limits; both values null takes the defaults again.</summary>
    Task SaveLimitsAsync(string accountId, AccountSendingLimits limits, CancellationToken cancellationToken);
}

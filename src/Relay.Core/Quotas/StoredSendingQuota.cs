namespace Relay.Core.Quotas;

/// <summary>What a store held when the relay started: the minute counts of the last 24 hours and the accounts' own limits.</summary>
public sealed record StoredSendingQuota(IReadOnlyList<SendCount> Counts, IReadOnlyDictionary<string, AccountSendingLimits> Limits)
{
    /// <summary>Nothing counted and no account with limits of its own.</summary>
    public static StoredSendingQuota Empty { get; } = new([], new Dictionary<string, AccountSendingLimits>());
}

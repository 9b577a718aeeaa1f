namespace Relay.Core.Quotas;

/// <summary>
/// The per-second half of the sending quota: a token bucket per account that holds <see cref="SendingLimits.RateCapacity"/>
/// recipients and refills at <see cref="SendingLimits.MaxSendRate"/> a second. A message is let through while at least
/// one recipient is left, and takes all of its recipients (the bucket may go below zero), so a rate of 1 lets a message
/// to 10 recipients through once every 10 seconds, as SES's guide describes.
/// </summary>
public interface ISendRate
{
    /// <summary>Takes <paramref name="recipients"/> from the account's bucket, or returns false (nothing taken) when less than one is left.</summary>
    ValueTask<bool> TryTakeAsync(string accountId, int recipients, SendingLimits limits, CancellationToken cancellationToken);

    /// <summary>Puts back what a message that was not accepted took (never above a full bucket).</summary>
    ValueTask GiveBackAsync(string accountId, int recipients, SendingLimits limits, CancellationToken cancellationToken);

    /// <summary>Forgets the buckets that are full again, which is what a missing bucket is (called about once a minute).</summary>
    ValueTask ForgetFullBucketsAsync(CancellationToken cancellationToken);
}

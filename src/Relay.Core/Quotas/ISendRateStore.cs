namespace Relay.Core.Quotas;

/// <summary>
/// The rate's buckets in a store that several nodes share (one row per account), each take one atomic statement, so
/// that N nodes let an account send at its rate, not N times it. Times are Unix seconds of the calling node's clock;
/// the stored refill time only moves forward, so a node whose clock is ahead gives an account at most its skew's worth
/// of recipients once, and a node behind gives none until its clock catches up.
/// </summary>
public interface ISendRateStore
{
    /// <summary>Refills the account's bucket up to <paramref name="nowSeconds"/> and takes <paramref name="recipients"/> if at least one is left; false (nothing taken) if not.</summary>
    Task<bool> TryTakeRateAsync(string accountId, int recipients, SendingLimits limits, double nowSeconds, CancellationToken cancellationToken);

    /// <summary>Puts <paramref name="recipients"/> back into the account's bucket, never above a full one.</summary>
    Task GiveBackRateAsync(string accountId, int recipients, CancellationToken cancellationToken);

    /// <summary>Deletes the buckets that are full again at <paramref name="nowSeconds"/> (a missing bucket is a full one).</summary>
    Task DeleteFullRateBucketsAsync(double nowSeconds, CancellationToken cancellationToken);
}

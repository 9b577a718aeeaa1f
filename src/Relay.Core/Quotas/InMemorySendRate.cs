namespace Relay.Core.Quotas;

/// <summary>
/// The rate's buckets in this process's memory, on the monotonic clock: for one node (SQLite), where a store round trip
/// per message would buy nothing. A restart starts every bucket full.
/// </summary>
public sealed class InMemorySendRate(TimeProvider time) : ISendRate
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public ValueTask<bool> TryTakeAsync(string accountId, int recipients, SendingLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var timestamp = time.GetTimestamp();
        lock (_gate)
        {
            var bucket = BucketOf(accountId, limits, timestamp);
            bucket.Refill(limits, timestamp, time);
            if (bucket.Tokens < 1 - SendRateRounding.Allowance)
            {
                return ValueTask.FromResult(false);
            }

            bucket.Tokens -= recipients;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask GiveBackAsync(string accountId, int recipients, SendingLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        lock (_gate)
        {
            var bucket = BucketOf(accountId, limits, time.GetTimestamp());
            bucket.Tokens = Math.Min(limits.RateCapacity, bucket.Tokens + recipients);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ForgetFullBucketsAsync(CancellationToken cancellationToken)
    {
        var timestamp = time.GetTimestamp();
        lock (_gate)
        {
            foreach (var (accountId, bucket) in _buckets.ToList())
            {
                bucket.Refill(bucket.Limits, timestamp, time);
                if (bucket.Tokens >= bucket.Limits.RateCapacity)
                {
                    _buckets.Remove(accountId);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private Bucket BucketOf(string accountId, SendingLimits limits, long timestamp)
    {
        if (!_buckets.TryGetValue(accountId, out var bucket))
        {
            bucket = new Bucket(limits, timestamp);
            _buckets.Add(accountId, bucket);
        }

        return bucket;
    }

    /// <summary>One account's bucket; guarded by the lock.</summary>
    private sealed class Bucket(SendingLimits limits, long timestamp)
    {
        private long _refilledAt = timestamp;

        /// <summary>The limits of the last refill, for forgetting a bucket that is full again.</summary>
        public SendingLimits Limits { get; private set; } = limits;

        /// <summary>Recipients the rate allows now; negative after a message took more than was left.</summary>
        public double Tokens { get; set; } = limits.RateCapacity;

        public void Refill(SendingLimits limits, long now, TimeProvider time)
        {
            var elapsed = time.GetElapsedTime(_refilledAt, now).TotalSeconds;
            _refilledAt = now;
            Limits = limits;
            if (elapsed > 0)
            {
                Tokens = Math.Min(limits.RateCapacity, Tokens + (elapsed * limits.MaxSendRate));
            }
        }
    }
}

using System.Net;

namespace Relay.Dns.RateLimiting;

/// <summary>
/// A token bucket per <see cref="ResponseKey"/>: <see cref="ResponseRateLimitOptions.ResponsesPerSecond"/> tokens
/// a second, as many at most; a response takes one or is dropped (or slipped). Thread-safe.
/// </summary>
internal sealed class ResponseRateLimiter
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(1);

    private readonly ResponseRateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<ResponseKey, Bucket> _buckets = [];
    private readonly Lock _lock = new();
    private long _lastPrune;

    public ResponseRateLimiter(ResponseRateLimitOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _lastPrune = time.GetTimestamp();
    }

    /// <summary>How many (client, response) pairs are tracked now.</summary>
    public int TrackedCount
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>Whether the response may go out; <paramref name="name"/> and <paramref name="type"/> are the question's.</summary>
    public RateLimitDecision Decide(IPAddress client, int returnCode, string name, ushort type, out bool firstDrop)
    {
        firstDrop = false;
        if (!_options.IsEnabled)
        {
            return RateLimitDecision.Send;
        }

        var network = ClientNetwork.Of(client, _options.IPv4PrefixLength, _options.IPv6PrefixLength);
        var key = ResponseKey.For(network, returnCode, name, type);
        var now = _time.GetTimestamp();
        double rate = _options.ResponsesPerSecond;
        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                if (_buckets.Count >= _options.MaxTrackedResponses && !PruneFullBuckets(now))
                {
                    // Fail closed: a truncated answer carries no amplification, and a real resolver still gets through over TCP.
                    return RateLimitDecision.Slip;
                }

                bucket = new Bucket { Tokens = rate, LastSeen = now };
                _buckets[key] = bucket;
            }

            bucket.Refill(now, _time, rate);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                bucket.Dropped = 0;
                return RateLimitDecision.Send;
            }

            firstDrop = ++bucket.Dropped == 1;
            return _options.Slip > 0 && bucket.Dropped % _options.Slip == 0 ? RateLimitDecision.Slip : RateLimitDecision.Drop;
        }
    }

    /// <summary>
    /// Forgets buckets that have refilled (a new bucket would be the same), at most once a second so that a flood of
    /// distinct keys cannot make every response scan the table. True when there is room afterwards.
    /// </summary>
    private bool PruneFullBuckets(long now)
    {
        if (_time.GetElapsedTime(_lastPrune, now) >= PruneInterval)
        {
            _lastPrune = now;
            double rate = _options.ResponsesPerSecond;
            foreach (var (key, bucket) in _buckets)
            {
                bucket.Refill(now, _time, rate);
                if (bucket.Tokens >= rate)
                {
                    _buckets.Remove(key);
                }
            }
        }

        return _buckets.Count < _options.MaxTrackedResponses;
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public long LastSeen { get; set; }

        public int Dropped { get; set; }

        public void Refill(long now, TimeProvider time, double rate)
        {
            var elapsed = time.GetElapsedTime(LastSeen, now).TotalSeconds;
            Tokens = Math.Min(rate, Tokens + (elapsed * rate));
            LastSeen = now;
        }
    }
}

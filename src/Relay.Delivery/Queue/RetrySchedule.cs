namespace Relay.Delivery.Queue;

/// <summary>Exponential backoff with jitter: InitialRetryDelay × 2^(attempts−1), capped, varied by ±RetryJitter.</summary>
public sealed class RetrySchedule
{
    private readonly QueueOptions _options;
    private readonly Random _random;
    private readonly Lock _gate = new();

    /// <summary>A schedule drawing its jitter from <paramref name="random"/> (seed it in tests).</summary>
    public RetrySchedule(QueueOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _random = random;
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts (1 or more).</summary>
    public TimeSpan DelayAfter(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);

        // Doubling past 2^30 only overflows; the cap is reached long before.
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var baseTicks = Math.Min(_options.InitialRetryDelay.Ticks * factor, _options.MaxRetryDelay.Ticks);
        double unit;
        lock (_gate)
        {
            unit = _random.NextDouble();
        }

        var jitter = 1 + (_options.RetryJitter * ((2 * unit) - 1));
        return TimeSpan.FromTicks((long)(baseTicks * jitter));
    }
}

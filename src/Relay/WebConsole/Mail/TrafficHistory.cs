using Relay.Delivery.Metrics;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Samples of the delivery counters that <c>/metrics</c> serves (<see cref="DeliveryCounters"/>), one a minute for a
/// day (<see cref="TrafficSampler"/> takes them), from which the traffic chart reads how much each grew per bucket.
/// Counters start at zero with the process, so a bucket before the first sample counts from there.
/// </summary>
internal sealed class TrafficHistory
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMinutes(1);

    /// <summary>A day of samples and a few over, so the oldest day bucket still has its start.</summary>
    public const int MaxSamples = (24 * 60) + 10;

    private readonly Func<TrafficTotals> _read;
    private readonly TimeProvider _time;
    private readonly Queue<(DateTimeOffset At, TrafficTotals Totals)> _samples = new();
    private readonly Lock _gate = new();

    public TrafficHistory(DeliveryCounters counters, TimeProvider time)
        : this(() => new TrafficTotals(counters.Accepted, counters.Delivered, counters.Deferred, counters.Bounced), time)
    {
    }

    /// <param name="read">Reads the counters' totals now.</param>
    /// <param name="time">The clock samples and buckets are timed by.</param>
    public TrafficHistory(Func<TrafficTotals> read, TimeProvider time)
    {
        _read = read;
        _time = time;
        Sample();
    }

    /// <summary>Keeps the counters' values now.</summary>
    public void Sample()
    {
        var sample = (_time.GetUtcNow(), Now());
        lock (_gate)
        {
            while (_samples.Count >= MaxSamples)
            {
                _samples.Dequeue();
            }

            _samples.Enqueue(sample);
        }
    }

    /// <summary>
    /// <paramref name="count"/> buckets of <paramref name="width"/>, oldest first, on the clock's boundaries (whole
    /// hours for an hour's width): the last one holds now and is still filling.
    /// </summary>
    public IReadOnlyList<TrafficBucket> Buckets(int count, TimeSpan width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var last = new DateTimeOffset((now.UtcTicks + width.Ticks - 1) / width.Ticks * width.Ticks, TimeSpan.Zero);
        var current = Now();
        List<(DateTimeOffset At, TrafficTotals Totals)> samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }

        samples.Add((now, current));
        var buckets = new List<TrafficBucket>(count);
        for (var index = count - 1; index >= 0; index--)
        {
            var end = last - (width * index);
            var start = end - width;
            buckets.Add(new TrafficBucket(start, end, At(samples, end) - At(samples, start)));
        }

        return buckets;
    }

    /// <summary>The totals of the last sample at or before <paramref name="time"/>; the first sample's before any.</summary>
    private static TrafficTotals At(List<(DateTimeOffset At, TrafficTotals Totals)> samples, DateTimeOffset time)
    {
        var found = samples[0].Totals;
        foreach (var (at, totals) in samples)
        {
            if (at > time)
            {
                break;
            }

            found = totals;
        }

        return found;
    }

    private TrafficTotals Now() => _read();
}

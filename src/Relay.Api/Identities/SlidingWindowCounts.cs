namespace Relay.Api.Identities;

/// <summary>
/// For each key, the times of the events in the last window, on the caller's clock. Not thread-safe: the owner locks.
/// Keys whose events have all aged out are dropped in a sweep once the table doubles, so it stays as large as the
/// keys that were recently active.
/// </summary>
internal sealed class SlidingWindowCounts(int limit, TimeSpan window)
{
    private const int FirstSweepAt = 1024;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _events = new(StringComparer.Ordinal);
    private int _sweepAt = FirstSweepAt;

    public bool HasRoom(string key, DateTimeOffset now) => !_events.TryGetValue(key, out var times) || Expire(times, now) < limit;

    public void Record(string key, DateTimeOffset now)
    {
        if (!_events.TryGetValue(key, out var times))
        {
            if (_events.Count >= _sweepAt)
            {
                Sweep(now);
            }

            times = new Queue<DateTimeOffset>();
            _events[key] = times;
        }

        times.Enqueue(now);
    }

    private int Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= window)
        {
            times.Dequeue();
        }

        return times.Count;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, times) in _events.ToList())
        {
            if (Expire(times, now) == 0)
            {
                _events.Remove(key);
            }
        }

        _sweepAt = Math.Max(FirstSweepAt, _events.Count * 2);
    }
}

namespace Relay.Delivery.Queue;

/// <summary>
/// The queue's entries by due time, earliest first (then by id): adding and taking cost O(log n), so waking the
/// scheduler costs what is due, not what is queued. An entry is added again whenever its due time changes; the
/// copies that no longer match (due time changed, pass started, message gone) are dropped when they come up.
/// </summary>
/// <remarks>Not thread-safe: the scheduler calls it under its own lock.</remarks>
internal sealed class DueQueue
{
    private readonly PriorityQueue<(QueueEntry Entry, DateTimeOffset DueAt), (DateTimeOffset DueAt, string Id)> _heap = new(new DueOrder());

    /// <summary>How many copies the heap holds, stale ones included (for tests).</summary>
    public int Count => _heap.Count;

    /// <summary>Schedules <paramref name="entry"/> at its current <see cref="QueueEntry.DueAt"/>.</summary>
    public void Add(QueueEntry entry) => _heap.Enqueue((entry, entry.DueAt), (entry.DueAt, entry.Envelope.Id));

    /// <summary>Removes and returns the earliest waiting entry due at <paramref name="now"/>, or null.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="isWaiting">Whether an entry is still queued and not in flight.</param>
    public QueueEntry? TakeDue(DateTimeOffset now, Func<QueueEntry, bool> isWaiting)
    {
        if (Earliest(isWaiting) is not { } due || due > now)
        {
            return null;
        }

        return _heap.Dequeue().Entry;
    }

    /// <summary>The due time of the earliest waiting entry, or null when none waits.</summary>
    public DateTimeOffset? Earliest(Func<QueueEntry, bool> isWaiting)
    {
        while (_heap.TryPeek(out var top, out _))
        {
            if (isWaiting(top.Entry) && top.Entry.DueAt == top.DueAt)
            {
                return top.DueAt;
            }

            _heap.Dequeue();
        }

        return null;
    }

    private sealed class DueOrder : IComparer<(DateTimeOffset DueAt, string Id)>
    {
        public int Compare((DateTimeOffset DueAt, string Id) x, (DateTimeOffset DueAt, string Id) y)
        {
            var byTime = x.DueAt.CompareTo(y.DueAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}

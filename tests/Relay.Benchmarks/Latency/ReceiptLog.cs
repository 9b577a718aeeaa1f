using System.Collections.Concurrent;

namespace Relay.Benchmarks.Latency;

/// <summary>When each probe message (by its X-Bench-Id) reached the receipt sink, as a monotonic timestamp.</summary>
internal sealed class ReceiptLog
{
    private readonly ConcurrentDictionary<int, long> _receipts = new();
    private int _duplicates;

    public int Count => _receipts.Count;

    public int Duplicates => Volatile.Read(ref _duplicates);

    public void Record(int id, long timestamp)
    {
        if (!_receipts.TryAdd(id, timestamp))
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    public bool TryGet(int id, out long timestamp) => _receipts.TryGetValue(id, out timestamp);
}

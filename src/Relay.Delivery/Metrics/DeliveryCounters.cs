namespace Relay.Delivery.Metrics;

/// <summary>
/// Running totals of the delivery queue since start: messages accepted into the spool, recipients delivered,
/// recipient attempts deferred, recipients bounced (failed for good). Thread-safe.
/// </summary>
public sealed class DeliveryCounters
{
    private long _accepted;
    private long _delivered;
    private long _deferred;
    private long _bounced;

    /// <summary>Messages written to the spool.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Recipients a next hop accepted.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Recipient attempts that ended in a temporary failure.</summary>
    public long Deferred => Interlocked.Read(ref _deferred);

    /// <summary>Recipients that failed permanently or expired.</summary>
    public long Bounced => Interlocked.Read(ref _bounced);

    internal void AddAccepted() => Interlocked.Increment(ref _accepted);

    internal void AddDelivered(int count) => Interlocked.Add(ref _delivered, count);

    internal void AddDeferred(int count) => Interlocked.Add(ref _deferred, count);

    internal void AddBounced(int count) => Interlocked.Add(ref _bounced, count);
}

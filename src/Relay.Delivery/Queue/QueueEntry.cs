using Relay.Delivery.Spool;

namespace Relay.Delivery.Queue;

/// <summary>The queue's in-memory view of one spooled message; guarded by the queue's lock.</summary>
internal sealed class QueueEntry(SpoolEnvelope envelope, DateTimeOffset dueAt)
{
    public SpoolEnvelope Envelope { get; set; } = envelope;

    public DateTimeOffset DueAt { get; set; } = dueAt;

    public bool InFlight { get; set; }

    /// <summary>An operator deleted it while a delivery pass was running; the pass deletes it when done.</summary>
    public bool DeleteRequested { get; set; }
}

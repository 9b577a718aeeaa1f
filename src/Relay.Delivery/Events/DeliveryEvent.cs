using Relay.Delivery.Spool;

namespace Relay.Delivery.Events;

/// <summary>
/// One event of one message: its envelope as spooled, when it happened, the recipients it concerns (none for Send),
/// and for a delay when the message expires.
/// </summary>
public sealed record DeliveryEvent(
    DeliveryEventKind Kind, SpoolEnvelope Envelope, DateTimeOffset At, IReadOnlyList<RecipientOutcome> Recipients, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>True when the recipients were not attempted because they are on the account's suppression list.</summary>
    public bool Suppressed { get; init; }
}

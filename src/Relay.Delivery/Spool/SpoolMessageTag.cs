namespace Relay.Delivery.Spool;

/// <summary>One message tag (SES MessageTag) a spooled message was sent with, kept for event publishing.</summary>
public sealed record SpoolMessageTag
{
    public required string Name { get; init; }

    public required string Value { get; init; }
}

namespace Relay.Delivery.Spool;

/// <summary>One envelope recipient of a spooled message and its delivery state.</summary>
public sealed record SpoolRecipient
{
    /// <summary>The forward-path exactly as received in RCPT TO, without angle brackets.</summary>
    public required string Address { get; init; }

    /// <summary>Whether this recipient still waits for delivery.</summary>
    public RecipientState State { get; init; }

    /// <summary>The last reply a next hop gave for this recipient, if any (for the DSN and the CLI).</summary>
    public string? LastReply { get; init; }
}

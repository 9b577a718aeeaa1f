namespace Relay.Delivery.Events;

/// <summary>What happened to a message, in SES event publishing's terms (<c>eventType</c>).</summary>
public enum DeliveryEventKind
{
    /// <summary>Accepted and queued: SES's Send.</summary>
    Send,

    /// <summary>The next hop took it for these recipients.</summary>
    Delivery,

    /// <summary>These recipients failed for good (or are on the account's suppression list).</summary>
    Bounce,

    /// <summary>These recipients got a temporary failure and will be tried again.</summary>
    DeliveryDelay,
}

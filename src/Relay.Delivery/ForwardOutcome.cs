namespace Relay.Delivery;

/// <summary>How a forwarding attempt ended.</summary>
public enum ForwardOutcome
{
    /// <summary>The next hop accepted the message for every recipient.</summary>
    Delivered,

    /// <summary>Nothing was delivered; trying again later may succeed (4xx).</summary>
    TemporaryFailure,

    /// <summary>Nothing was delivered; trying again will not help (5xx).</summary>
    PermanentFailure,
}

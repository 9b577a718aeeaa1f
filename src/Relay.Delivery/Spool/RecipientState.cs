namespace Relay.Delivery.Spool;

/// <summary>Where one recipient of a spooled message stands.</summary>
public enum RecipientState
{
    /// <summary>Not yet accepted by a next hop; delivery will be (re)tried.</summary>
    Pending,

    /// <summary>A next hop accepted the recipient with a 2xx reply.</summary>
    Delivered,

    /// <summary>A next hop refused the recipient permanently (5xx), or the message expired.</summary>
    Failed,
}

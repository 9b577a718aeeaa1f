namespace Relay.Configuration;

/// <summary>When Relay answers 250 (<c>Relay:Delivery:Mode</c>).</summary>
public enum DeliveryMode
{
    /// <summary>Once the message is durably in the spool; delivery follows in the background, with retries.</summary>
    Queue,

    /// <summary>Once the next hop accepted it, inside the client's session; its refusals go back to the client.</summary>
    Session,
}

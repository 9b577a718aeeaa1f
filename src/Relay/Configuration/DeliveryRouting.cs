namespace Relay.Configuration;

/// <summary>Where queued mail goes (<c>Relay:Delivery:Routing</c>).</summary>
public enum DeliveryRouting
{
    /// <summary>Everything to <c>Relay:NextHop</c>.</summary>
    Smarthost,

    /// <summary>Each recipient domain's MX hosts (<c>Relay:NextHop</c> still gives timeouts and the EHLO name).</summary>
    Mx,
}

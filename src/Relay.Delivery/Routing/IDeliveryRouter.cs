namespace Relay.Delivery.Routing;

/// <summary>Decides where recipients go: the configured smarthost, or the MX hosts of each recipient's domain.</summary>
public interface IDeliveryRouter
{
    /// <summary>The destination a recipient belongs to; recipients with the same destination travel together.</summary>
    string DestinationOf(string recipient);

    /// <summary>The hosts to try for <paramref name="destination"/>, or why there are none.</summary>
    Task<Route> RouteAsync(string destination, CancellationToken cancellationToken);
}

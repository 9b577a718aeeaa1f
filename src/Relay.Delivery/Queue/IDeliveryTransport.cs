using Relay.Delivery.Routing;

namespace Relay.Delivery.Queue;

/// <summary>Carries a spooled message to the hosts of a route; <see cref="SmtpDeliveryTransport"/> is the real one.</summary>
public interface IDeliveryTransport
{
    /// <summary>
    /// Tries the route's hosts in order until one takes the transaction, and reports each recipient's result.
    /// Failures are results, never exceptions; cancellation is thrown.
    /// </summary>
    Task<DeliveryReport> DeliverAsync(Route route, DeliveryRequest request, CancellationToken cancellationToken);
}

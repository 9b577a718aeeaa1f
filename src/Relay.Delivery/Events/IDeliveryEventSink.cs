namespace Relay.Delivery.Events;

/// <summary>Where the queue reports what happened to each message; it must keep the event durably before returning.</summary>
public interface IDeliveryEventSink
{
    Task PublishAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken);
}

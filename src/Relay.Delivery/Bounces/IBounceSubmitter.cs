namespace Relay.Delivery.Bounces;

/// <summary>
/// Sends a delivery status notification onward; the host signs it with the provider's key and queues it with the
/// null sender, so that a notification that fails is never itself bounced.
/// </summary>
public interface IBounceSubmitter
{
    /// <summary>Returns once the notification is durably queued; throws if it could not be.</summary>
    Task SubmitAsync(BounceMessage bounce, CancellationToken cancellationToken);
}

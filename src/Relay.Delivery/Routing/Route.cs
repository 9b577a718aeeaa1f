using Relay.Delivery.Queue;

namespace Relay.Delivery.Routing;

/// <summary>
/// Where the recipients of one destination go: the hosts to try in order, or why there are none
/// (<see cref="Failure"/>, a per-recipient result such as 5.1.10 for a null MX or 4.4.3 for a DNS failure).
/// </summary>
public sealed record Route(string Destination, IReadOnlyList<DeliveryTarget> Targets, RecipientResult? Failure)
{
    /// <summary>A route with hosts to try.</summary>
    public static Route To(string destination, IReadOnlyList<DeliveryTarget> targets) => new(destination, targets, null);

    /// <summary>A destination that cannot be reached, with the result every recipient gets.</summary>
    public static Route Unroutable(string destination, RecipientResult failure) => new(destination, [], failure);
}

namespace Relay.Delivery.Routing;

/// <summary>Every recipient goes to the one configured next hop (<c>Relay:NextHop</c>).</summary>
public sealed class SmarthostRouter : IDeliveryRouter
{
    private readonly Route _route;

    /// <summary>Routes to <paramref name="options"/>; throws if they are invalid.</summary>
    public SmarthostRouter(NextHopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var target = new DeliveryTarget(options, null);
        _route = Route.To(target.Name, [target]);
    }

    /// <inheritdoc />
    public string DestinationOf(string recipient) => _route.Destination;

    /// <inheritdoc />
    public Task<Route> RouteAsync(string destination, CancellationToken cancellationToken) => Task.FromResult(_route);
}

namespace Relay.Delivery.Routing;

/// <summary>
/// Direct delivery: the recipients of each domain go to that domain's mail exchangers, most preferred first,
/// every address of a host before the next host. Connection settings come from a template (port, TLS, timeouts,
/// EHLO name); the host name is kept for TLS.
/// </summary>
/// <remarks>
/// Opportunistic TLS (<see cref="NextHopTlsMode.StartTlsWhenAvailable"/>) accepts any certificate, as an
/// unauthenticated encryption is better than the plain text it replaces (RFC 7435); when TLS is required the
/// certificate must be valid for the MX host name.
/// </remarks>
public sealed class MxRouter : IDeliveryRouter
{
    private readonly IMxResolver _resolver;
    private readonly NextHopOptions _template;

    /// <summary>Routes through <paramref name="resolver"/>; <paramref name="template"/>'s Host is ignored.</summary>
    public MxRouter(IMxResolver resolver, NextHopOptions template)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(template);
        _resolver = resolver;
        _template = template;
    }

    /// <inheritdoc />
    public string DestinationOf(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var at = recipient.LastIndexOf('@');
        return (at < 0 ? recipient : recipient[(at + 1)..]).ToLowerInvariant();
    }

    /// <inheritdoc />
    public async Task<Route> RouteAsync(string destination, CancellationToken cancellationToken)
    {
        var resolution = await _resolver.ResolveAsync(destination, cancellationToken);
        if (resolution.Failure is { } failure)
        {
            return Route.Unroutable(destination, failure);
        }

        var targets = resolution.Hosts
            .SelectMany(host => host.Addresses.Select(address => new DeliveryTarget(OptionsFor(host.Name), address)))
            .ToList();
        return Route.To(destination, targets);
    }

    private NextHopOptions OptionsFor(string host) => new()
    {
        Host = host,
        Port = _template.Port,
        TlsMode = _template.TlsMode,
        AcceptInvalidCertificates = _template.TlsMode == NextHopTlsMode.StartTlsWhenAvailable || _template.AcceptInvalidCertificates,
        ConnectTimeout = _template.ConnectTimeout,
        CommandTimeout = _template.CommandTimeout,
        QuitTimeout = _template.QuitTimeout,
        LocalDomain = _template.LocalDomain,
    };
}

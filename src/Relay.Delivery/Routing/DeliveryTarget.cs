using System.Net;

namespace Relay.Delivery.Routing;

/// <summary>One host to try for a destination, with the connection settings to use there.</summary>
/// <param name="Options">How to connect (TLS, credentials, timeouts); its Host is the name used for TLS.</param>
/// <param name="Address">The address to connect to, already resolved; null lets the system resolve Options.Host.</param>
public sealed record DeliveryTarget(NextHopOptions Options, IPAddress? Address)
{
    /// <summary>"host:port" or "host[address]:port", for logs, attempt history and connection reuse.</summary>
    public string Name => Address is null
        ? $"{Options.Host}:{Options.Port}"
        : $"{Options.Host}[{Address}]:{Options.Port}";
}

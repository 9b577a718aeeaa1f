using System.Net;

namespace Relay.Delivery.Routing;

/// <summary>A mail exchanger of a domain with its preference and its addresses (A first, then AAAA).</summary>
public sealed record MxHost(string Name, int Preference, IReadOnlyList<IPAddress> Addresses);

using System.Globalization;
using System.Net;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The DNS of the Easy DKIM journeys: BIND serves the customer's zone (empty until a test publishes its CNAMEs) and
/// the provider's, whose selector is a CNAME into the key zone; unbound resolves and reaches the key zone at Relay's
/// own responder on <c>keyZonePort</c>. <see cref="Settings"/> points Relay's responder and checks at it.
/// </summary>
internal static class KeyZoneBehindResolver
{
    public static Task<DnsTestNetwork> StartAsync(string customerDomain, string keyZone, int keyZonePort) =>
        DnsTestNetwork.StartAsync(
            [
                new TestZone(customerDomain, string.Empty),
                // The provider publishes its own selector as a CNAME into the key zone, as operators are told to.
                new TestZone(RelayUnderTest.ProviderDomain, $"{RelayUnderTest.ProviderSelector}._domainkey CNAME {RelayUnderTest.ProviderSelector}.{keyZone}."),
            ],
            [new StubZone(keyZone, new IPEndPoint(IPAddress.Loopback, keyZonePort))],
            CancellationToken.None);

    public static Dictionary<string, string?> Settings(DnsTestNetwork dns, int keyZonePort) => new()
    {
        ["Relay:KeyZone:Listen"] = $"127.0.0.1:{keyZonePort.ToString(CultureInfo.InvariantCulture)}",
        ["Relay:DnsChecks:Resolver"] = $"{dns.ResolverEndPoint.Address}:{dns.ResolverEndPoint.Port.ToString(CultureInfo.InvariantCulture)}",
        ["Relay:DnsChecks:Timeout"] = "00:00:03",
    };
}

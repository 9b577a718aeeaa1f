using System.Net;

namespace Relay.Testing.Dns;

/// <summary>
/// A small DNS world on loopback for tests: BIND <c>named</c> authoritative for the customer zones the test gives,
/// and <c>unbound</c> as the recursive resolver that reaches those zones at named and any further zones (such as
/// the provider's DKIM key zone served by Relay's own <c>DkimZoneServer</c>) at the servers given.
/// </summary>
/// <example>
/// <code>
/// await using var dns = await DnsTestNetwork.StartAsync(
///     [new TestZone("example.com", "www A 192.0.2.1")],
///     [new StubZone("dkim.relay.example.net", dkimServer.UdpEndPoint!)],
///     cancellationToken);
/// var resolver = dns.ResolverEndPoint;                 // give this to the code under test
/// await dns.SetZoneAsync(new TestZone("example.com", ""), cancellationToken);  // records gone, caches flushed
/// </code>
/// </example>
public sealed class DnsTestNetwork : IAsyncDisposable
{
    private readonly BindServer _authoritative;
    private readonly UnboundResolver _resolver;

    private DnsTestNetwork(BindServer authoritative, UnboundResolver resolver)
    {
        _authoritative = authoritative;
        _resolver = resolver;
    }

    /// <summary>The recursive resolver (unbound) to query, on UDP and TCP.</summary>
    public IPEndPoint ResolverEndPoint => _resolver.EndPoint;

    /// <summary>The authoritative server (named) of the customer zones, to query directly.</summary>
    public IPEndPoint AuthoritativeEndPoint => _authoritative.EndPoint;

    /// <summary>The authoritative server itself.</summary>
    public BindServer Authoritative => _authoritative;

    /// <summary>The resolver itself.</summary>
    public UnboundResolver Resolver => _resolver;

    /// <summary>Starts named with <paramref name="zones"/>, then unbound with a stub for each of them and <paramref name="otherStubs"/>.</summary>
    public static async Task<DnsTestNetwork> StartAsync(
        IEnumerable<TestZone> zones, IEnumerable<StubZone> otherStubs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(otherStubs);
        var authoritative = await BindServer.StartAsync(zones, cancellationToken);
        try
        {
            var stubs = authoritative.Zones.Select(apex => new StubZone(apex, authoritative.EndPoint)).Concat(otherStubs);
            var resolver = await UnboundResolver.StartAsync(stubs, cancellationToken);
            return new DnsTestNetwork(authoritative, resolver);
        }
        catch
        {
            await authoritative.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replaces a zone's records in named and flushes it from unbound: the next lookup sees the new records.</summary>
    public async Task SetZoneAsync(TestZone zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        await _authoritative.SetZoneAsync(zone, cancellationToken);
        await _resolver.FlushZoneAsync(zone.Apex, cancellationToken);
    }

    /// <summary>Flushes a zone from unbound, e.g. after records changed in a stub server the test runs itself.</summary>
    public Task FlushAsync(string zone, CancellationToken cancellationToken) => _resolver.FlushZoneAsync(zone, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _resolver.DisposeAsync();
        await _authoritative.DisposeAsync();
    }
}

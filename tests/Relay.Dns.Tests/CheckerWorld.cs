using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Dns.Verification;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>
/// A customer zone in real named, Relay's key zone server in process, unbound in front of both, and a
/// <see cref="DkimRecordChecker"/> that asks unbound: what the record checker tests run against.
/// </summary>
internal sealed class CheckerWorld : IAsyncDisposable
{
    private CheckerWorld(KeyZoneFixture keyZone, DnsTestNetwork dns, DkimRecordChecker checker)
    {
        KeyZone = keyZone;
        Dns = dns;
        Checker = checker;
    }

    public KeyZoneFixture KeyZone { get; }

    public DnsTestNetwork Dns { get; }

    public DkimRecordChecker Checker { get; }

    /// <summary>A zone unbound asks of Relay's key zone server, which refuses it: unbound then answers SERVFAIL.</summary>
    public const string RefusedZone = "refused.example.org";

    public static async Task<CheckerWorld> StartAsync(IEnumerable<TestZone> customerZones)
    {
        var keyZone = await KeyZoneFixture.StartAsync();
        try
        {
            var dns = await DnsTestNetwork.StartAsync(
                customerZones, [new StubZone(KeyZoneFixture.Zone, keyZone.EndPoint), new StubZone(RefusedZone, keyZone.EndPoint)], CancellationToken.None);
            return new CheckerWorld(keyZone, dns, CheckerFor(dns.ResolverEndPoint, TimeSpan.FromSeconds(5)));
        }
        catch
        {
            await keyZone.DisposeAsync();
            throw;
        }
    }

    public static DkimRecordChecker CheckerFor(IPEndPoint resolver, TimeSpan timeout, int retries = 1) =>
        new(new DnsCheckOptions { Resolver = resolver, Timeout = timeout, Retries = retries }, NullLogger<DkimRecordChecker>.Instance);

    /// <summary>A checker whose resolver port has nothing behind it: every query times out (quickly).</summary>
    public static DkimRecordChecker DeadResolverChecker() =>
        CheckerFor(CheckerWorldPorts.Unused(), TimeSpan.FromMilliseconds(200), retries: 0);

    public async ValueTask DisposeAsync()
    {
        await Dns.DisposeAsync();
        await KeyZone.DisposeAsync();
    }
}

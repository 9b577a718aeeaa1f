using System.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace Relay.Dns.Tests;

/// <summary>Relay's DKIM key zone server, in process on a loopback port, with the records a test publishes.</summary>
internal sealed class KeyZoneFixture : IAsyncDisposable
{
    public const string Zone = "dkim.relay.example.net";

    private KeyZoneFixture(DkimZoneServer server, InMemoryDkimKeyRecordSource records)
    {
        Server = server;
        Records = records;
    }

    public DkimZoneServer Server { get; }

    public InMemoryDkimKeyRecordSource Records { get; }

    public IPEndPoint EndPoint => Server.UdpEndPoint!;

    public static async Task<KeyZoneFixture> StartAsync()
    {
        var records = new InMemoryDkimKeyRecordSource();
        var options = new DkimZoneOptions { Zone = Zone, EndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        var server = new DkimZoneServer(options, records, NullLoggerFactory.Instance, TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new KeyZoneFixture(server, records);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

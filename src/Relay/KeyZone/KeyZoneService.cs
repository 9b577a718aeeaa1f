using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Dns;

namespace Relay.KeyZone;

/// <summary>Runs the key zone's DNS responder for the host's lifetime.</summary>
internal sealed class KeyZoneService(DkimZoneOptions options, IDkimKeyRecordSource records, ILoggerFactory loggerFactory, TimeProvider time)
    : IHostedService, IAsyncDisposable
{
    private readonly DkimZoneServer _server = new(options, records, loggerFactory, time);

    /// <summary>The UDP address bound (the real port when 0 was asked for).</summary>
    public IPEndPoint? EndPoint => _server.UdpEndPoint;

    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

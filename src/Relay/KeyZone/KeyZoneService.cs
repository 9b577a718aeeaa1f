using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Dns;
using Relay.Dns.Transfer;

namespace Relay.KeyZone;

/// <summary>Runs the key zone's DNS responder, and NOTIFY to its secondaries, for the host's lifetime.</summary>
internal sealed class KeyZoneService(DkimZoneOptions options, IDkimKeyRecordSource records, ILoggerFactory loggerFactory, TimeProvider time)
    : IHostedService, IAsyncDisposable
{
    private readonly DkimZoneServer _server = new(options, records, loggerFactory, time);
    private readonly ZoneChangeNotifier _notifier = new(options, records, loggerFactory, time);

    /// <summary>The UDP address bound (the real port when 0 was asked for).</summary>
    public IPEndPoint? EndPoint => _server.UdpEndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        await _notifier.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _notifier.StopAsync(cancellationToken).ConfigureAwait(false);
        await _server.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _notifier.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}

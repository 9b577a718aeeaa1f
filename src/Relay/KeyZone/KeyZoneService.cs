using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Dns;
using Relay.Dns.Transfer;

namespace Relay.KeyZone;

/// <summary>Runs the key zone's DNS responder, and NOTIFY to its secondaries, for the host's lifetime.</summary>
internal sealed partial class KeyZoneService(
    DkimZoneOptions options, IDkimKeyRecordSource records, ILoggerFactory loggerFactory, TimeProvider time, System.Diagnostics.Metrics.IMeterFactory meters)
    : IHostedService, IAsyncDisposable
{
    private readonly DkimZoneServer _server = new(options, records, loggerFactory, time, meters);
    private readonly ZoneChangeNotifier _notifier = new(options, records, loggerFactory, time);
    private readonly ILogger _logger = loggerFactory.CreateLogger<KeyZoneService>();

    /// <summary>The UDP address bound (the real port when 0 was asked for).</summary>
    public IPEndPoint? EndPoint => _server.UdpEndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The same rule as `relay keyzone export`: the zone still answers the CNAME chase, but cannot be delegated to.
        if (options.DelegationProblem() is { } problem)
        {
            LogNotDelegable(problem);
        }

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

    [LoggerMessage(EventId = 9121, Level = LogLevel.Warning,
        Message = "Relay:KeyZone: {Problem}; resolvers following an NS delegation and secondaries cannot use the zone: set Relay:KeyZone:NameServers to name servers outside the zone, or Relay:KeyZone:NameServerAddresses")]
    private partial void LogNotDelegable(string problem);
}

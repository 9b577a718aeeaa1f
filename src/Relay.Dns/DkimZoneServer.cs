using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Relay.Dns.RateLimiting;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;

namespace Relay.Dns;

/// <summary>
/// The authoritative DNS server for the provider's DKIM key zone, on UDP and TCP at one endpoint. It answers
/// <c>v=DKIM1</c> TXT records from an <see cref="IDkimKeyRecordSource"/>, SOA and NS at the apex, NXDOMAIN/NODATA
/// with the SOA, REFUSED outside the zone; UDP answers follow EDNS(0) and are truncated (TC) when too large.
/// ARSoft.Tools.Net parses, encodes and truncates the messages; the transports are Relay's own.
/// </summary>
public sealed class DkimZoneServer : IAsyncDisposable
{
    private const int BindAttemptsForPortZero = 10;
    private const int TcpBacklog = 128;

    private readonly IPEndPoint _endPoint;
    private readonly DkimZoneOptions _options;
    private readonly IDatagramChannel? _givenChannel;
    private readonly Action? _onUdpQueryFinished;
    private readonly ResponseRateLimiter _limiter;
    private readonly DkimZone _zone;
    private readonly DkimZoneResponder _responder;
    private readonly SignedQueryGate _gate;
    private readonly ZoneTransferHandler _transfers;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stateLock = new();
    private DnsServer? _server;
    private UdpQueryTransport? _udp;
    private TcpQueryTransport? _tcp;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public DkimZoneServer(
        DkimZoneOptions options, IDkimKeyRecordSource records, ILoggerFactory loggerFactory, TimeProvider timeProvider,
        System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _zone = DkimZone.From(options);
        _endPoint = new IPEndPoint(options.EndPoint.Address, options.EndPoint.Port);
        _options = options;
        _timeProvider = timeProvider;
        _limiter = new ResponseRateLimiter(options.ResponseRateLimit, timeProvider);
        _logger = loggerFactory.CreateLogger<DkimZoneServer>();
        _responder = new DkimZoneResponder(_zone, records, options.MaxUdpPayloadSize, _logger, meters is null ? null : new KeyZoneInstruments(meters));
        _gate = new SignedQueryGate(options.Tsig, options.TsigFudge, timeProvider, _logger);
        _transfers = new ZoneTransferHandler(_zone, records, options, timeProvider, _logger);
    }

    /// <summary>
    /// A server that answers UDP on <paramref name="udpChannel"/> only, with no TCP: the fuzz harness's way in, through
    /// the same transport, limiter and responder as the network's.
    /// </summary>
    internal DkimZoneServer(
        DkimZoneOptions options,
        IDkimKeyRecordSource records,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        IDatagramChannel udpChannel,
        Action? onUdpQueryFinished)
        : this(options, records, loggerFactory, timeProvider)
    {
        _givenChannel = udpChannel;
        _onUdpQueryFinished = onUdpQueryFinished;
    }

    /// <summary>The UDP address listened on (with the real port when 0 was asked for); null before start.</summary>
    public IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    /// <summary>The TCP address listened on; the same port as UDP. Null before start.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>Binds UDP and TCP on the configured endpoint (one port for both, also with port 0) and starts answering.</summary>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_stateLock)
        {
            if (_started)
            {
                throw new InvalidOperationException("The server has already been started.");
            }

            _started = true;
            if (_givenChannel is not null)
            {
                _udp = new UdpQueryTransport(_givenChannel, _limiter, _gate, _transfers, _logger, _onUdpQueryFinished);
                _server = new DnsServer(_udp);
            }
            else
            {
                var (udpSocket, tcpListener) = Bind(_endPoint);
                _udp = new UdpQueryTransport(new SocketDatagramChannel(udpSocket), _limiter, _gate, _transfers, _logger);
                _tcp = new TcpQueryTransport(tcpListener, _options, _gate, _transfers, _timeProvider, _logger);
                _server = new DnsServer(_udp, _tcp);
            }

            _server.QueryReceived += OnQueryReceivedAsync;
            _server.ExceptionThrown += OnExceptionThrownAsync;
            _server.Start();
        }

        _logger.Listening(_zone.Name, _udp.LocalEndPoint, _tcp?.LocalEndPoint);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening and closes open TCP connections. Safe to call more than once.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        DnsServer? server;
        lock (_stateLock)
        {
            if (!_started || _stopped)
            {
                return Task.CompletedTask;
            }

            _stopped = true;
            server = _server;
        }

        _logger.Stopping(_zone.Name);
        _stopping.Cancel();

        // ARSoft's Stop cancels its accept loops and closes the transports; it does not wait for anything slow.
        // Stopped right after starting, it throws for the loop tasks that were cancelled before they ran, and
        // skips closing the transports: they are closed below either way.
        try
        {
            server?.Stop();
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is TaskCanceledException))
        {
        }

        _udp?.Dispose();
        _tcp?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static (Socket Udp, Socket Tcp) Bind(IPEndPoint endPoint)
    {
        var attempts = endPoint.Port == 0 ? BindAttemptsForPortZero : 1;
        for (var attempt = 1; ; attempt++)
        {
            var udp = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(endPoint);

                // With port 0 the kernel picks the UDP port; TCP must then get the same one, which may be taken.
                tcp.Bind(new IPEndPoint(endPoint.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(TcpBacklog);
                return (udp, tcp);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < attempts)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch (SocketException failure)
            {
                udp.Dispose();
                tcp.Dispose();
                throw new IOException($"cannot serve the DKIM key zone (Relay:KeyZone:Listen) on {endPoint}: {failure.Message}", failure);
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
    }

    private async Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs eventArgs)
    {
        if (eventArgs.Query is not DnsMessage query)
        {
            // DNS UPDATE and other message kinds: ARSoft answers SERVFAIL when no response is set.
            _logger.UnsupportedMessage(eventArgs.Query.GetType().Name);
            return;
        }

        eventArgs.Response = await _responder.RespondAsync(query, _stopping.Token).ConfigureAwait(false);
    }

    private Task OnExceptionThrownAsync(object sender, ExceptionEventArgs eventArgs)
    {
        _logger.ProcessingFailed(eventArgs.Exception);
        return Task.CompletedTask;
    }
}

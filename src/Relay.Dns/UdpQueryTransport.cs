using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Relay.Dns.RateLimiting;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns;

/// <summary>
/// ARSoft's server transport for UDP, written here because its own does not expose the bound port (port 0) and reads
/// into a 514-byte buffer. Each datagram that looks like a query becomes one <see cref="UdpQueryConnection"/>; one
/// whose question breaks RFC 1035's limits gets FORMERR at once. Every response passes the rate limiter.
/// Nothing may escape <see cref="AcceptConnectionAsync"/>: ARSoft awaits it from an <c>async void</c> loop.
/// </summary>
internal sealed class UdpQueryTransport : IServerTransport
{
    private const int LargestDatagram = 65_535;

    private readonly IDatagramChannel _channel;
    private readonly ResponseRateLimiter _limiter;
    private readonly SignedQueryGate _gate;
    private readonly ZoneTransferHandler _transfers;
    private readonly ILogger _logger;
    private readonly Action? _onQueryFinished;
    private readonly byte[] _buffer = new byte[LargestDatagram];

    /// <param name="channel">Where datagrams come from (a bound socket, so that port 0 is resolved before the server starts).</param>
    /// <param name="limiter">Decides which responses go out.</param>
    /// <param name="gate">Takes TSIG off signed queries and signs their answers.</param>
    /// <param name="transfers">Refuses AXFR and IXFR, which are never answered over UDP.</param>
    /// <param name="logger">Where receive errors and dropped packets go.</param>
    /// <param name="onQueryFinished">Called once per datagram when it has been answered, dropped or limited (the fuzz harness waits on it).</param>
    public UdpQueryTransport(
        IDatagramChannel channel,
        ResponseRateLimiter limiter,
        SignedQueryGate gate,
        ZoneTransferHandler transfers,
        ILogger logger,
        Action? onQueryFinished = null)
    {
        _channel = channel;
        _limiter = limiter;
        _gate = gate;
        _transfers = transfers;
        _logger = logger;
        _onQueryFinished = onQueryFinished;
    }

    public IPEndPoint LocalEndPoint => _channel.LocalEndPoint;

    /// <summary>Without EDNS(0) a UDP answer may not exceed 512 octets (RFC 1035 4.2.1).</summary>
    public ushort DefaultAllowedResponseSize => DkimZoneOptions.MinimumUdpPayloadSize;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => true;

    public TransportProtocol TransportProtocol => TransportProtocol.Udp;

    /// <summary>The socket is bound by <see cref="DkimZoneServer"/> before ARSoft starts.</summary>
    public void Bind()
    {
    }

    public void Close() => _channel.Close();

    public void Dispose() => _channel.Dispose();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        // ARSoft calls this again only after the previous call returned, so the one receive buffer is never shared.
        while (!token.IsCancellationRequested)
        {
            int length;
            IPEndPoint remote;
            try
            {
                (length, remote) = await _channel.ReceiveAsync(_buffer, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException exception)
            {
                _logger.UdpReceiveFailed(LocalEndPoint, exception);
                continue;
            }

            var message = _buffer.AsSpan(0, length);
            if (ZoneTransferHandler.IsTransferRequest(message))
            {
                await _transfers.AnswerAsync(
                    message.ToArray(), remote, overTcp: false, (reply, cancel) => SendLimitedAsync(reply, remote, string.Empty, 0, cancel), token)
                    .ConfigureAwait(false);
                _onQueryFinished?.Invoke();
                continue;
            }

            var intake = QueryIntake.Read(message, remote, LocalEndPoint, _gate);
            if (intake.Query is not null)
            {
                return new UdpQueryConnection(this, intake.Query, message, intake.SignedWith);
            }

            _logger.QueryDropped("UDP", intake.Problem!);
            if (intake.ImmediateReply is { } reply)
            {
                await SendLimitedAsync(reply, remote, string.Empty, 0, token).ConfigureAwait(false);
            }

            _onQueryFinished?.Invoke();
        }

        return null;
    }

    /// <summary>Sends a response, a truncated stand-in, or nothing, as the rate limiter decides.</summary>
    internal async Task<bool> SendLimitedAsync(ReadOnlyMemory<byte> response, IPEndPoint remote, string name, ushort type, CancellationToken token)
    {
        var returnCode = response.Length > 3 ? response.Span[3] & 0x0F : 0;
        var decision = _limiter.Decide(remote.Address, returnCode, name, type, out var firstDrop);
        if (firstDrop)
        {
            _logger.ResponsesRateLimited(remote.Address, name, type);
        }

        return decision switch
        {
            RateLimitDecision.Send => await _channel.SendAsync(response, remote, token).ConfigureAwait(false),
            RateLimitDecision.Slip => await _channel.SendAsync(ShortReplies.TruncatedFrom(response.Span), remote, token).ConfigureAwait(false),
            _ => false,
        };
    }

    internal void OnQueryFinished() => _onQueryFinished?.Invoke();

    /// <summary>Signs the response to a query that came with a valid TSIG.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> response, TsigRecord request) => _gate.Sign(response, request);
}

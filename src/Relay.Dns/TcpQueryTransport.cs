using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Relay.Dns.RateLimiting;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;

namespace Relay.Dns;

/// <summary>
/// ARSoft's server transport for TCP (RFC 7766), written here to expose the bound port, bound the number of
/// connections (in all and per client), time out idle and slow clients and own each connection's lifetime (see
/// <see cref="TcpQueryConnection"/>). Nothing may escape <see cref="AcceptConnectionAsync"/>: ARSoft awaits it from an
/// <c>async void</c> loop.
/// </summary>
internal sealed class TcpQueryTransport : IServerTransport
{
    private const int IPv4ClientPrefix = 32;
    private const int IPv6ClientPrefix = 64;

    private readonly Socket _listener;
    private readonly TcpConnectionLimits _limits;
    private readonly SignedQueryGate _gate;
    private readonly ZoneTransferHandler _transfers;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TcpQueryConnection, UInt128> _open = new();
    private readonly Dictionary<UInt128, int> _perClient = [];
    private readonly Lock _countLock = new();

    /// <param name="listener">A TCP socket already bound and listening.</param>
    /// <param name="options">The TCP limits: connections in all and per client, idle and query timeouts, queries per connection.</param>
    /// <param name="gate">Takes TSIG off signed queries and signs their answers.</param>
    /// <param name="transfers">Answers AXFR and IXFR.</param>
    /// <param name="timeProvider">The clock for the timeouts.</param>
    /// <param name="logger">Where accept errors go.</param>
    public TcpQueryTransport(
        Socket listener, DkimZoneOptions options, SignedQueryGate gate, ZoneTransferHandler transfers, TimeProvider timeProvider, ILogger logger)
    {
        _gate = gate;
        _transfers = transfers;
        _listener = listener;
        _limits = new TcpConnectionLimits(options.TcpIdleTimeout, options.TcpQueryTimeout, options.MaxQueriesPerTcpConnection);
        MaxConnections = options.MaxTcpConnections;
        MaxConnectionsPerClient = options.MaxTcpConnectionsPerClient;
        _timeProvider = timeProvider;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int MaxConnections { get; }

    public int MaxConnectionsPerClient { get; }

    /// <summary>A TCP message may hold up to 65,535 octets (RFC 1035 4.2.2); nothing is truncated.</summary>
    public ushort DefaultAllowedResponseSize => ushort.MaxValue;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => false;

    public TransportProtocol TransportProtocol => TransportProtocol.Tcp;

    /// <summary>The socket is bound by <see cref="DkimZoneServer"/> before ARSoft starts.</summary>
    public void Bind()
    {
    }

    public void Close()
    {
        _listener.Close();
        foreach (var connection in _open.Keys)
        {
            connection.Close();
        }
    }

    public void Dispose() => Close();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(token).ConfigureAwait(false);
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
                _logger.TcpAcceptFailed(LocalEndPoint, exception);
                continue;
            }

            if (client.RemoteEndPoint is not IPEndPoint remote)
            {
                client.Dispose();
                continue;
            }

            var network = ClientNetwork.Of(remote.Address, IPv4ClientPrefix, IPv6ClientPrefix);
            if (!TryCount(network, out var overClientLimit))
            {
                if (overClientLimit)
                {
                    _logger.TooManyTcpConnectionsFromClient(remote, MaxConnectionsPerClient);
                }
                else
                {
                    _logger.TooManyTcpConnections(remote, MaxConnections);
                }

                client.Dispose();
                continue;
            }

            var connection = new TcpQueryConnection(this, client, _limits, _gate, _transfers, _timeProvider, _logger, OnClosed);
            _open[connection] = network;
            return connection;
        }

        return null;
    }

    private bool TryCount(UInt128 network, out bool overClientLimit)
    {
        lock (_countLock)
        {
            var fromClient = _perClient.GetValueOrDefault(network);
            overClientLimit = fromClient >= MaxConnectionsPerClient;
            if (overClientLimit || _open.Count >= MaxConnections)
            {
                return false;
            }

            _perClient[network] = fromClient + 1;
            return true;
        }
    }

    private void OnClosed(TcpQueryConnection connection)
    {
        if (!_open.TryRemove(connection, out var network))
        {
            return;
        }

        lock (_countLock)
        {
            var left = _perClient.GetValueOrDefault(network) - 1;
            if (left <= 0)
            {
                _perClient.Remove(network);
            }
            else
            {
                _perClient[network] = left;
            }
        }
    }
}

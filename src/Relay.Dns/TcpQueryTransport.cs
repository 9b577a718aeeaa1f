using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Relay.Dns;

/// <summary>
/// ARSoft's server transport for TCP (RFC 7766), written here to expose the bound port, bound the number of
/// connections, time out idle clients and own each connection's lifetime (see <see cref="TcpQueryConnection"/>).
/// Nothing may escape <see cref="AcceptConnectionAsync"/>: ARSoft awaits it from an <c>async void</c> loop.
/// </summary>
internal sealed class TcpQueryTransport : IServerTransport
{
    private readonly Socket _listener;
    private readonly int _maxConnections;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TcpQueryConnection, byte> _open = new();

    /// <param name="listener">A TCP socket already bound and listening.</param>
    /// <param name="maxConnections">Connections open at once; more are closed on accept.</param>
    /// <param name="idleTimeout">How long a connection may wait for its next query.</param>
    /// <param name="timeProvider">The clock for the timeouts.</param>
    /// <param name="logger">Where accept errors go.</param>
    public TcpQueryTransport(Socket listener, int maxConnections, TimeSpan idleTimeout, TimeProvider timeProvider, ILogger logger)
    {
        _listener = listener;
        _maxConnections = maxConnections;
        _idleTimeout = idleTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

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

            if (_open.Count >= _maxConnections)
            {
                _logger.TooManyTcpConnections(client.RemoteEndPoint, _maxConnections);
                client.Dispose();
                continue;
            }

            var connection = new TcpQueryConnection(this, client, _idleTimeout, _timeProvider, _logger, OnClosed);
            _open.TryAdd(connection, 0);
            return connection;
        }

        return null;
    }

    private void OnClosed(TcpQueryConnection connection) => _open.TryRemove(connection, out _);
}

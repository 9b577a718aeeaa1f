using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace Relay.Dns;

/// <summary>One UDP query and the way back to its sender; the socket belongs to <see cref="UdpQueryTransport"/>.</summary>
internal sealed class UdpQueryConnection : IServerConnection
{
    private readonly Socket _socket;
    private DnsReceivedRawPackage? _query;

    public UdpQueryConnection(UdpQueryTransport transport, Socket socket, DnsReceivedRawPackage query)
    {
        Transport = transport;
        _socket = socket;
        _query = query;
        RemoteEndPoint = query.RemoteEndpoint;
        LocalEndPoint = query.LocalEndpoint;
    }

    public IServerTransport Transport { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool CanRead => _query is not null;

    public Task<bool> InitializeAsync(CancellationToken token = default) => Task.FromResult(true);

    public Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default)
    {
        var query = _query;
        _query = null;
        return Task.FromResult(query);
    }

    public async Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        try
        {
            var datagram = package.ToArraySegment(includeLengthHeader: false);
            var sent = await _socket.SendToAsync(datagram, SocketFlags.None, RemoteEndPoint, token).ConfigureAwait(false);
            return sent == datagram.Count;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
    }
}

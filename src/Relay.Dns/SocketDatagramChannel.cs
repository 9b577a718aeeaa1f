using System.Net;
using System.Net.Sockets;

namespace Relay.Dns;

/// <summary>A bound UDP socket as an <see cref="IDatagramChannel"/>.</summary>
internal sealed class SocketDatagramChannel : IDatagramChannel
{
    private readonly Socket _socket;
    private readonly IPEndPoint _anyRemote;

    public SocketDatagramChannel(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _anyRemote = new IPEndPoint(
            LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    public IPEndPoint LocalEndPoint { get; }

    public async ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _anyRemote, cancellationToken).ConfigureAwait(false);
        return (received.ReceivedBytes, (IPEndPoint)received.RemoteEndPoint);
    }

    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await _socket.SendToAsync(datagram, SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
            return sent == datagram.Length;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    public void Close() => _socket.Close();

    public void Dispose() => _socket.Dispose();
}

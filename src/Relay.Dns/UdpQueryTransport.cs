using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Relay.Dns;

/// <summary>
/// ARSoft's server transport for UDP, written here because its own does not expose the bound port (port 0) and reads
/// into a 514-byte buffer. Each datagram that looks like a query becomes one <see cref="UdpQueryConnection"/>.
/// Nothing may escape <see cref="AcceptConnectionAsync"/>: ARSoft awaits it from an <c>async void</c> loop.
/// </summary>
internal sealed class UdpQueryTransport : IServerTransport
{
    private const int LargestDatagram = 65_535;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly byte[] _buffer = new byte[LargestDatagram];
    private readonly IPEndPoint _anyRemote;

    /// <param name="socket">A UDP socket already bound (so that port 0 is resolved before the server starts).</param>
    /// <param name="logger">Where receive errors and dropped packets go.</param>
    public UdpQueryTransport(Socket socket, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _anyRemote = new IPEndPoint(
            LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Without EDNS(0) a UDP answer may not exceed 512 octets (RFC 1035 4.2.1).</summary>
    public ushort DefaultAllowedResponseSize => DkimZoneOptions.MinimumUdpPayloadSize;

    public bool SupportsMultipleResponses => false;

    public bool AllowTruncatedResponses => true;

    public TransportProtocol TransportProtocol => TransportProtocol.Udp;

    /// <summary>The socket is bound by <see cref="DkimZoneServer"/> before ARSoft starts.</summary>
    public void Bind()
    {
    }

    public void Close() => _socket.Close();

    public void Dispose() => _socket.Dispose();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        // ARSoft calls this again only after the previous call returned, so the one receive buffer is never shared.
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, _anyRemote, token).ConfigureAwait(false);
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

            var message = _buffer.AsSpan(0, received.ReceivedBytes);
            if (!DnsHeader.IsQuery(message))
            {
                _logger.QueryDropped("UDP datagram too short or not a query");
                continue;
            }

            var package = RawPackage.TryCreate(message, (IPEndPoint)received.RemoteEndPoint, LocalEndPoint);
            if (package is null)
            {
                _logger.QueryDropped("UDP datagram with an unreadable question");
                continue;
            }

            return new UdpQueryConnection(this, _socket, package);
        }

        return null;
    }
}

using System.Net;
using System.Net.Sockets;

namespace Relay.Testing.Dns;

/// <summary>Finds loopback ports free for both UDP and TCP, for daemons that cannot be told to pick port 0.</summary>
public static class LoopbackPorts
{
    private const int Attempts = 20;

    /// <summary>A port that was free on 127.0.0.1 for UDP and TCP a moment ago (callers retry if it was taken since).</summary>
    public static int FindFree()
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
            }
        }

        throw new InvalidOperationException($"No loopback port free for both UDP and TCP after {Attempts} attempts.");
    }
}

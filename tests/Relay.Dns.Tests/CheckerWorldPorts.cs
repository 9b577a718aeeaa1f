using System.Net;
using System.Net.Sockets;

namespace Relay.Dns.Tests;

/// <summary>Loopback endpoints with nothing listening, for dead servers and resolvers.</summary>
internal static class CheckerWorldPorts
{
    public static IPEndPoint Unused()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)socket.LocalEndPoint!).Port);
    }
}

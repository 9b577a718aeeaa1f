using System.Net;

namespace Relay.Dns;

/// <summary>
/// Where UDP datagrams come from and go to: a bound socket in the server, memory in the fuzz harness, so that the
/// harness runs the very transport, limiter and responder that face the network.
/// </summary>
internal interface IDatagramChannel : IDisposable
{
    IPEndPoint LocalEndPoint { get; }

    /// <summary>The next datagram. Throws <see cref="OperationCanceledException"/> or <see cref="ObjectDisposedException"/> once closed.</summary>
    ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends one datagram; false when it could not be sent.</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken);

    void Close();
}

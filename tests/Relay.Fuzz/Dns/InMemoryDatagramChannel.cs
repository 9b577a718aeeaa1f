using System.Net;
using System.Threading.Channels;

namespace Relay.Fuzz.Dns;

/// <summary>UDP without a socket: the harness writes datagrams in and collects what the server sends back.</summary>
internal sealed class InMemoryDatagramChannel : IDatagramChannel
{
    private readonly Channel<(byte[] Datagram, IPEndPoint Remote)> _incoming =
        Channel.CreateUnbounded<(byte[], IPEndPoint)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly Lock _sentLock = new();
    private readonly List<byte[]> _sent = [];

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 53);

    public void Deliver(byte[] datagram, IPEndPoint remote) => _incoming.Writer.TryWrite((datagram, remote));

    /// <summary>What was sent since the last call.</summary>
    public List<byte[]> TakeSent()
    {
        lock (_sentLock)
        {
            var sent = new List<byte[]>(_sent);
            _sent.Clear();
            return sent;
        }
    }

    public async ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            var (datagram, remote) = await _incoming.Reader.ReadAsync(cancellationToken);
            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsMemory(0, length).CopyTo(buffer);
            return (length, remote);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(InMemoryDatagramChannel));
        }
    }

    public ValueTask<bool> SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, CancellationToken cancellationToken)
    {
        lock (_sentLock)
        {
            _sent.Add(datagram.ToArray());
        }

        return ValueTask.FromResult(true);
    }

    public void Close() => _incoming.Writer.TryComplete();

    public void Dispose() => Close();
}

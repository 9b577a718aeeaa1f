using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Relay.Dns;

/// <summary>
/// One TCP client: length-prefixed queries in, answers out (RFC 1035 4.2.2, RFC 7766).
/// ARSoft answers pipelined queries concurrently, so writes are serialised here; and ARSoft's reference count can
/// dispose a connection between two queries, so the connection closes itself instead: when the client is done (end
/// of stream, idle timeout, server stop) and every query read has been answered, or a short grace period later.
/// </summary>
internal sealed class TcpQueryConnection : IServerConnection
{
    /// <summary>How long answers still being worked out may take once the client has stopped sending.</summary>
    private static readonly TimeSpan DrainGracePeriod = TimeSpan.FromSeconds(5);

    private readonly NetworkStream _stream;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<TcpQueryConnection> _onClosed;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _unanswered;
    private int _receiving = 1;
    private int _closed;

    public TcpQueryConnection(
        TcpQueryTransport transport,
        Socket socket,
        TimeSpan idleTimeout,
        TimeProvider timeProvider,
        ILogger logger,
        Action<TcpQueryConnection> onClosed)
    {
        Transport = transport;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _idleTimeout = idleTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _onClosed = onClosed;

        // Captured now: ARSoft reads them after the socket may have gone.
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IServerTransport Transport { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool CanRead => Volatile.Read(ref _receiving) == 1;

    public Task<bool> InitializeAsync(CancellationToken token = default) => Task.FromResult(true);

    public async Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default)
    {
        while (CanRead)
        {
            var message = await ReadMessageAsync(token).ConfigureAwait(false);
            if (message is null)
            {
                StopReceiving();
                return null;
            }

            if (!DnsHeader.IsQuery(message))
            {
                _logger.QueryDropped("TCP message too short or not a query");
                continue;
            }

            var package = RawPackage.TryCreate(message, RemoteEndPoint, LocalEndPoint);
            if (package is null)
            {
                _logger.QueryDropped("TCP message with an unreadable question");
                continue;
            }

            Interlocked.Increment(ref _unanswered);
            return package;
        }

        return null;
    }

    public async Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        try
        {
            await _writeLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await _stream.WriteAsync(package.ToArraySegment(includeLengthHeader: true), token).ConfigureAwait(false);
                return true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            if (Interlocked.Decrement(ref _unanswered) <= 0 && !CanRead)
            {
                Close();
            }
        }
    }

    /// <summary>Closes the socket once; safe to call from any thread, any number of times.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _receiving, 0);
        _stream.Dispose();
        _onClosed(this);
    }

    /// <summary>
    /// Deliberately empty: ARSoft calls it when its reference count drops to zero, which can happen between two
    /// queries of a live connection. The connection closes itself (see the class remarks).
    /// </summary>
    public void Dispose()
    {
    }

    private async Task<byte[]?> ReadMessageAsync(CancellationToken token)
    {
        using var idle = new CancellationTokenSource(_idleTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, idle.Token);
        try
        {
            var prefix = new byte[2];
            await _stream.ReadExactlyAsync(prefix, linked.Token).ConfigureAwait(false);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await _stream.ReadExactlyAsync(message, linked.Token).ConfigureAwait(false);
            return message;
        }
        catch (Exception exception) when (
            exception is IOException or EndOfStreamException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            return null;
        }
    }

    private void StopReceiving()
    {
        Interlocked.Exchange(ref _receiving, 0);
        if (Volatile.Read(ref _unanswered) <= 0)
        {
            Close();
            return;
        }

        _ = CloseAfterGracePeriodAsync();
    }

    private async Task CloseAfterGracePeriodAsync()
    {
        try
        {
            await Task.Delay(DrainGracePeriod, _timeProvider).ConfigureAwait(false);
        }
        finally
        {
            Close();
        }
    }
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;

namespace Relay.Dns;

/// <summary>
/// One TCP client: length-prefixed queries in, answers out (RFC 1035 4.2.2, RFC 7766).
/// ARSoft answers pipelined queries concurrently, so writes are serialised here; and ARSoft's reference count can
/// dispose a connection between two queries, so the connection closes itself instead: when the client is done (end
/// of stream, idle or query timeout, the last query allowed, server stop) and every query read has been answered, or a
/// short grace period later. A query whose question breaks RFC 1035's limits gets FORMERR without its question.
/// AXFR and IXFR never reach ARSoft: <see cref="ZoneTransferHandler"/> writes their messages here, in order. Answers
/// to TSIG-signed queries are signed on their way out, found by message id.
/// </summary>
internal sealed class TcpQueryConnection : IServerConnection
{
    /// <summary>How long answers still being worked out may take once the client has stopped sending.</summary>
    private static readonly TimeSpan DrainGracePeriod = TimeSpan.FromSeconds(5);

    private readonly NetworkStream _stream;
    private readonly TcpConnectionLimits _limits;
    private readonly SignedQueryGate _gate;
    private readonly ZoneTransferHandler _transfers;
    private readonly ConcurrentDictionary<ushort, TsigRecord> _signedQueries = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<TcpQueryConnection> _onClosed;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _unanswered;
    private int _queries;
    private int _receiving = 1;
    private int _closed;

    public TcpQueryConnection(
        TcpQueryTransport transport,
        Socket socket,
        TcpConnectionLimits limits,
        SignedQueryGate gate,
        ZoneTransferHandler transfers,
        TimeProvider timeProvider,
        ILogger logger,
        Action<TcpQueryConnection> onClosed)
    {
        Transport = transport;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _limits = limits;
        _gate = gate;
        _transfers = transfers;
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

            if (ZoneTransferHandler.IsTransferRequest(message))
            {
                await AnswerTransferAsync(message, token).ConfigureAwait(false);
                continue;
            }

            var intake = QueryIntake.Read(message, RemoteEndPoint, LocalEndPoint, _gate);
            if (intake.Query is null)
            {
                _logger.QueryDropped("TCP", intake.Problem!);
                if (intake.ImmediateReply is { } reply)
                {
                    Interlocked.Increment(ref _unanswered);
                    await SendAsync(new DnsRawPackage(Framed(reply)), token).ConfigureAwait(false);
                }

                continue;
            }

            Interlocked.Increment(ref _unanswered);
            if (intake.SignedWith is { } signedWith)
            {
                _signedQueries[DnsWireId(message)] = signedWith;
            }

            if (++_queries >= _limits.MaxQueries)
            {
                _logger.TcpConnectionClosed(RemoteEndPoint, "the most queries allowed on one connection were read");
                StopReceiving();
            }

            return intake.Query;
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
                ArraySegment<byte> framed = package.ToArraySegment(includeLengthHeader: true);
                if (framed.Count > 4 && _signedQueries.TryRemove(DnsWireId(framed.AsSpan(2)), out var request))
                {
                    framed = Framed(_gate.Sign(framed.AsSpan(2), request));
                }

                await _stream.WriteAsync(framed, token).ConfigureAwait(false);
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

    private static ushort DnsWireId(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    /// <summary>
    /// One zone transfer, answered on this connection before the next query is read: its messages must go out in order
    /// and nothing may come between them. A write that fails ends the connection.
    /// </summary>
    private async Task AnswerTransferAsync(byte[] request, CancellationToken token)
    {
        Interlocked.Increment(ref _unanswered);
        ++_queries;
        try
        {
            await _transfers.AnswerAsync(request, RemoteEndPoint, overTcp: true, WriteTransferMessageAsync, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            _logger.TcpConnectionClosed(RemoteEndPoint, "a zone transfer could not be written");
            StopReceiving();
        }
        finally
        {
            if (Interlocked.Decrement(ref _unanswered) <= 0 && !CanRead)
            {
                Close();
            }
        }
    }

    private async Task WriteTransferMessageAsync(byte[] message, CancellationToken token)
    {
        await _writeLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(Framed(message), token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static byte[] Framed(ReadOnlySpan<byte> message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed.AsSpan(2));
        return framed;
    }

    /// <summary>
    /// One length-prefixed message. Waiting for its first octet is bounded by the idle timeout; from then on the
    /// whole message has one budget, the query timeout, which no octet restarts. Null when the client is done.
    /// </summary>
    private async Task<byte[]?> ReadMessageAsync(CancellationToken token)
    {
        var prefix = new byte[2];
        try
        {
            using (var idle = new CancellationTokenSource(_limits.IdleTimeout, _timeProvider))
            using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(token, idle.Token))
            {
                if (await _stream.ReadAsync(prefix.AsMemory(0, 1), waiting.Token).ConfigureAwait(false) == 0)
                {
                    return null;
                }
            }

            using var query = new CancellationTokenSource(_limits.QueryTimeout, _timeProvider);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(token, query.Token);
            await _stream.ReadExactlyAsync(prefix.AsMemory(1, 1), reading.Token).ConfigureAwait(false);
            var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
            await _stream.ReadExactlyAsync(message, reading.Token).ConfigureAwait(false);
            return message;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            _logger.TcpConnectionClosed(RemoteEndPoint, "timed out");
            return null;
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

using System.Net;
using System.Net.Sockets;

namespace Relay.Benchmarks.Latency;

/// <summary>
/// The next hop during the latency probe, in the probe's own process so that sending and receipt are timed by one
/// clock: a minimal ESMTP server on 127.0.0.1 that accepts everything, throws the content away and notes when the
/// final "." of each message carrying an X-Bench-Id arrived.
/// </summary>
internal sealed class ReceiptSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();

    public ReceiptSink(int port, ReceiptLog log, TimeProvider time)
    {
        Log = log;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(time);
    }

    public ReceiptLog Log { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] running;
        lock (_gate)
        {
            running = [_acceptLoop, .. _connections];
        }

        try
        {
            await Task.WhenAll(running);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Connections cut by the shutdown.
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(TimeProvider time)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);

                // Replies to pipelined commands go out one by one: with Nagle's algorithm each would wait for the
                // sender's delayed ACK (40 ms on Linux), a delay of the sink's own in every measurement.
                client.NoDelay = true;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = new ReceiptSinkConnection(client, Log, time).RunAsync(_stopping.Token);
            lock (_gate)
            {
                _connections.RemoveAll(task => task.IsCompleted);
                _connections.Add(connection);
            }
        }
    }
}

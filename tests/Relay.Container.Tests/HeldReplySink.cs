using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Relay.Container.Tests;

/// <summary>
/// A minimal SMTP next hop on 127.0.0.1 whose reply to the end of DATA can be held back until the test releases it,
/// so a message can be kept in flight through Relay while the container is stopped. It records each message it
/// answered 250 to (dot-stuffing removed) before writing that reply. Plain SMTP only; it advertises no extensions.
/// </summary>
internal sealed class HeldReplySink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<byte[]> _accepted = [];
    private readonly List<Task> _sessions = [];
    private readonly Task _acceptLoop;
    private TaskCompletionSource? _held;
    private TaskCompletionSource? _release;

    public HeldReplySink()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The messages answered with 250, in order.</summary>
    public IReadOnlyList<byte[]> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>
    /// Holds the reply to the next message's final dot. The returned task completes when that message has been
    /// received in full; the reply (250) is written only after <see cref="Release"/>.
    /// </summary>
    public Task HoldNextReply()
    {
        lock (_gate)
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _held.Task;
        }
    }

    /// <summary>Lets the held reply go.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _release?.TrySetResult();
            _release = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Release();
        _listener.Stop();
        Task[] running;
        lock (_gate)
        {
            running = [.. _sessions, _acceptLoop];
        }

        await Task.WhenAll(running.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default)));
        _listener.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            lock (_gate)
            {
                _sessions.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new CrLfLineReader(stream);
            var token = _stopping.Token;
            await WriteAsync(stream, "220 held-reply-sink.test ESMTP", token);
            while (await reader.ReadLineAsync(token) is { } line)
            {
                var verb = Encoding.ASCII.GetString(line).Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await WriteAsync(stream, "250 held-reply-sink.test", token);
                        break;
                    case "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await WriteAsync(stream, "250 2.0.0 Ok", token);
                        break;
                    case "DATA":
                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>", token);
                        var message = await ReadMessageAsync(reader, token);
                        if (message is null)
                        {
                            return;
                        }

                        await AcceptAsync(stream, message, token);
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye", token);
                        return;
                    default:
                        await WriteAsync(stream, "502 5.5.2 Command not recognized", token);
                        break;
                }
            }
        }
    }

    private async Task AcceptAsync(Stream stream, byte[] message, CancellationToken cancellationToken)
    {
        TaskCompletionSource? held;
        TaskCompletionSource? release;
        lock (_gate)
        {
            (held, release) = (_held, _release);
            _held = null;
        }

        if (held is not null && release is not null)
        {
            held.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            _accepted.Add(message);
        }

        await WriteAsync(stream, "250 2.0.0 Ok: queued", cancellationToken);
    }

    private static async Task<byte[]?> ReadMessageAsync(CrLfLineReader reader, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line is [(byte)'.'])
            {
                return message.ToArray();
            }

            message.Write(line.Length > 0 && line[0] == '.' ? line.AsSpan(1) : line);
            message.Write("\r\n"u8);
        }

        return null;
    }

    private static async Task WriteAsync(Stream stream, string reply, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Relay.Testing;

/// <summary>
/// A scriptable ESMTP server on 127.0.0.1 for tests: it records each transaction's MAIL FROM line, RCPT lines
/// and the exact DATA bytes (dot-stuffing removed). Written from scratch, independent of Relay's own server.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly SmtpSinkOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lazy<X509Certificate2> _certificate = new(SmtpSinkCertificate.Create);
    private readonly object _gate = new();
    private readonly List<SmtpSinkSession> _sessions = [];
    private readonly List<Task> _running = [];
    private readonly List<Exception> _errors = [];
    private readonly Task _acceptLoop;
    private int _queueId;

    private SmtpSink(SmtpSinkOptions options)
    {
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port the sink listens on (on 127.0.0.1).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The host to connect to.</summary>
    public static string Host => "127.0.0.1";

    /// <summary>Every connection so far, in the order accepted.</summary>
    public IReadOnlyList<SmtpSinkSession> Sessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions];
            }
        }
    }

    /// <summary>Every transaction that reached the end of DATA, accepted or not.</summary>
    public IReadOnlyList<SmtpSinkTransaction> Transactions => Sessions.SelectMany(s => s.Transactions).ToArray();

    /// <summary>The transactions the sink accepted with a 2xx reply.</summary>
    public IReadOnlyList<SmtpSinkTransaction> Delivered => Transactions.Where(t => t.Accepted).ToArray();

    /// <summary>Exceptions that ended sessions abnormally (a client dropping the connection counts).</summary>
    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Starts listening on an ephemeral port.</summary>
    public static SmtpSink Start(SmtpSinkOptions? options = null) => new(options ?? new SmtpSinkOptions());

    /// <summary>A port on 127.0.0.1 that nothing listens on (bound, then released).</summary>
    public static int UnusedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] running;
        lock (_gate)
        {
            running = [.. _running, _acceptLoop];
        }

        try
        {
            await Task.WhenAll(running);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Sessions and the accept loop end by cancellation or by the listener closing; both are expected here.
        }

        _listener.Dispose();
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }

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

            var session = new SmtpSinkSession();
            lock (_gate)
            {
                _sessions.Add(session);
                _running.Add(RunSessionAsync(client, session));
            }
        }
    }

    private async Task RunSessionAsync(TcpClient client, SmtpSinkSession session)
    {
        try
        {
            await ServeAsync(client, session);
        }
        finally
        {
            session.MarkClosed();
        }
    }

    private async Task ServeAsync(TcpClient client, SmtpSinkSession session)
    {
        using (client)
        {
            try
            {
                var connection = new SmtpSinkConnection(
                    client.GetStream(), _options, session, _certificate, () => Interlocked.Increment(ref _queueId));
                await connection.RunAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException
                or System.Security.Authentication.AuthenticationException or InvalidDataException or FormatException)
            {
                lock (_gate)
                {
                    _errors.Add(exception);
                }
            }
        }
    }
}

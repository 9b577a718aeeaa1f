using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Relay.Smtp.Admission;
using Relay.Smtp.Protocol;

namespace Relay.Smtp;

/// <summary>
/// An RFC 5321 SMTP server on one or more endpoints. It knows nothing of what happens to a message: it calls out
/// to <see cref="ISmtpAuthenticator"/>, <see cref="ISmtpTransactionPolicy"/> and <see cref="ISmtpMessageHandler"/>.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private static readonly Func<ILogger, string, IDisposable?> SessionScope =
        LoggerMessage.DefineScope<string>("SmtpSession:{SessionId}");

    private readonly SmtpServices _services;
    private readonly SmtpEndpoint[] _endpoints;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly List<(Socket Listener, Task AcceptLoop)> _listeners = [];
    private readonly List<IPEndPoint> _boundEndPoints = [];
    private readonly Lock _stateLock = new();
    private readonly ConnectionLimiter _limiter;
    private Task? _stopTask;
    private long _connectionCounter;
    private int _started;
    private bool _disposed;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it), or there is no endpoint.</exception>
    public SmtpServer(
        SmtpServerOptions options,
        IEnumerable<SmtpEndpoint> endpoints,
        ISmtpMessageHandler handler,
        ISmtpAuthenticator authenticator,
        ISmtpTransactionPolicy policy,
        IServerCertificateProvider certificates,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider,
        System.Diagnostics.Metrics.IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _endpoints = endpoints.ToArray();
        if (_endpoints.Length == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(endpoints));
        }

        _logger = loggerFactory.CreateLogger<SmtpServer>();
        _services = new SmtpServices(
            options.Clone(), handler, authenticator, policy, certificates, timeProvider, loggerFactory.CreateLogger("Relay.Smtp.SmtpSession"))
        {
            Instruments = meters is null ? null : new SmtpInstruments(meters),
        };
        _limiter = new ConnectionLimiter(_services.Options, timeProvider);
    }

    /// <summary>The addresses actually listened on, in endpoint order (with real ports for port 0); empty before start.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints => _boundEndPoints.AsReadOnly();

    /// <summary>Binds every endpoint and starts accepting connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The server has already been started.");
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_services.Options.TemporaryDirectory);
        }
        else
        {
            // Message buffers are private: owner only, whatever the umask.
            Directory.CreateDirectory(_services.Options.TemporaryDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            foreach (var endpoint in _endpoints)
            {
                var listener = new Socket(endpoint.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                _listeners.Add((listener, Task.CompletedTask));
                try
                {
                    listener.Bind(endpoint.EndPoint);
                    listener.Listen();
                }
                catch (SocketException failure)
                {
                    var name = endpoint.ImplicitTls ? "implicit-TLS" : "submission";
                    throw new IOException($"cannot listen for SMTP ({name}) on {endpoint.EndPoint}: {failure.Message}", failure);
                }

                var bound = (IPEndPoint)listener.LocalEndPoint!;
                _boundEndPoints.Add(bound);
                _listeners[^1] = (listener, AcceptLoopAsync(listener, endpoint, bound));
                _logger.Listening(bound, endpoint.ImplicitTls);
            }
        }
        catch
        {
            CloseListeners();
            throw;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting. Sessions idle at the command prompt get 421 4.3.2 and close; sessions inside a transaction
    /// may finish it until <paramref name="cancellationToken"/> fires, and are then aborted. Safe to call more than once.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task stopping;
        lock (_stateLock)
        {
            stopping = _stopTask ??= StopAcceptingAndDrainAsync();
        }

        try
        {
            await stopping.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.AbortingSessions(_connections.Count);
            await _aborting.CancelAsync();
            await stopping;
        }
    }

    /// <summary>Stops at once, aborting sessions in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true));
        lock (_stateLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _stopping.Dispose();
        _aborting.Dispose();
    }

    private async Task StopAcceptingAndDrainAsync()
    {
        await _stopping.CancelAsync();
        CloseListeners();
        await Task.WhenAll(_listeners.Select(entry => entry.AcceptLoop));
        _logger.Stopping(_connections.Count);
        await Task.WhenAll(_connections.Values);
    }

    private async Task AcceptLoopAsync(Socket listener, SmtpEndpoint endpoint, IPEndPoint bound)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                _logger.AcceptFailed(bound, exception);
                continue;
            }

            var id = Interlocked.Increment(ref _connectionCounter);
            var connection = Task.Run(() => RunConnectionAsync(client, endpoint));
            _connections[id] = connection;
            _ = connection.ContinueWith(
                completed => _connections.TryRemove(id, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(Socket client, SmtpEndpoint endpoint)
    {
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        var admission = _limiter.TryAdmit(remote.Address);
        if (admission.Lease is not { } lease)
        {
            await RefuseAsync(client, endpoint, RefusalFor(admission, remote));
            return;
        }

        var transport = new SmtpTransport(new NetworkStream(client, ownsSocket: true), client);
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        using var scope = SessionScope(_logger, sessionId);
        try
        {
            client.NoDelay = true;
            var context = new SmtpSessionContext(sessionId, remote, (IPEndPoint)client.LocalEndPoint!);
            _services.Logger.SessionStarted(context.RemoteEndPoint, context.LocalEndPoint);
            if (lease.OnProbation)
            {
                _services.Logger.AdmittedOnProbation(_services.Options.HandshakeTimeout, admission.EvictedAnother);
            }

            var session = new SmtpSession(_services, transport, context, endpoint.ImplicitTls, _stopping.Token, _aborting.Token, lease);
            await session.RunAsync();
        }
#pragma warning disable CA1031 // The boundary of one session: a bug in it is logged and must not reach the listener.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _services.Logger.SessionFailed(exception);
        }
        finally
        {
            // Counted down before the socket closes, so a client that sees the close can connect again at once.
            lease.Dispose();
            await transport.DisposeAsync();
            _services.Logger.SessionEnded();
        }
    }

    // A plaintext client is told why; an implicit-TLS client would read the reply as a broken handshake, so it is
    // just closed rather than paying for a handshake under overload.
    private SmtpReply RefusalFor(AdmissionResult admission, IPEndPoint remote)
    {
        switch (admission.Refusal)
        {
            case AdmissionRefusal.Address:
                _logger.TooManyConnectionsFromAddress(remote, admission.Limit);
                return SmtpReplies.TooManyConnectionsFromAddress;
            case AdmissionRefusal.AddressRate:
                _logger.ConnectionRateFromAddress(remote, admission.Limit);
                return SmtpReplies.ConnectionRateFromAddress;
            default:
                _logger.TooManyConnections(remote, admission.Limit);
                return SmtpReplies.TooManyConnections;
        }
    }

    private static async Task RefuseAsync(Socket client, SmtpEndpoint endpoint, SmtpReply refusal)
    {
        using (client)
        {
            if (endpoint.ImplicitTls)
            {
                return;
            }

            try
            {
                var reply = new ArrayBufferWriter<byte>();
                SmtpReplyWriter.Write(reply, refusal);
                await client.SendAsync(reply.WrittenMemory, SocketFlags.None);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client has gone already.
            }
        }
    }

    private void CloseListeners()
    {
        foreach (var (listener, _) in _listeners)
        {
            listener.Dispose();
        }
    }
}

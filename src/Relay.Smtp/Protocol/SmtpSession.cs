using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Relay.Smtp.Admission;
using Relay.Smtp.Commands;

namespace Relay.Smtp.Protocol;

/// <summary>
/// One SMTP session: the read-parse-reply loop, the state (moved by <see cref="SmtpStateTable"/>), the current
/// transaction, the bad-command count and TLS. The commands (one class per verb) do their work through it.
/// </summary>
internal sealed class SmtpSession
{
    private readonly SmtpServices _services;
    private readonly SmtpTransport _transport;
    private readonly bool _implicitTls;

    // Null for a session not admitted through the server's limiter (in-memory harnesses): never on probation.
    private readonly ConnectionLease? _lease;
    private int _nonTransactionCommands;
    private readonly CancellationToken _aborted;
    private SmtpState _state = SmtpState.NotGreeted;
    private int _badCommands;
    private IOException? _loggedWriteFailure;

    public SmtpSession(
        SmtpServices services,
        SmtpTransport transport,
        SmtpSessionContext context,
        bool implicitTls,
        CancellationToken stopping,
        CancellationToken aborted,
        ConnectionLease? lease = null)
    {
        _services = services;
        _transport = transport;
        _implicitTls = implicitTls;
        _lease = lease;
        _aborted = aborted;
        Context = context;
        var deadlines = new SessionDeadlines(services.Options, services.TimeProvider.GetUtcNow(), lease?.OnProbation ?? false);
        Input = new SessionInput(transport, services.Options, services.TimeProvider, deadlines, Evicted, stopping, aborted);
        Seams = new SeamCalls(services, context, aborted);
    }

    public SmtpSessionContext Context { get; }

    public SmtpServerOptions Options => _services.Options;

    public ILogger Logger => _services.Logger;

    public SmtpTransaction? Transaction { get; private set; }

    /// <summary>Reads command lines and message content.</summary>
    public SessionInput Input { get; }

    /// <summary>Failed AUTH counts shared by every session of the server.</summary>
    public AuthFailureThrottle AuthFailures => _services.AuthFailures;

    /// <summary>Calls the policy, authenticator and handler.</summary>
    public SeamCalls Seams { get; }

    private CancellationToken Evicted => _lease?.Evicted ?? CancellationToken.None;

    public bool IsStartTlsOffered => !Context.IsSecure && _services.Certificates.GetCertificate() is not null;

    public bool IsAuthOffered => Context.IsSecure || (Options.AllowPlaintextAuthOnLoopback && Context.IsLoopback);

    public async Task RunAsync()
    {
        try
        {
            if (_implicitTls)
            {
                await StartTlsAsync();
            }

            Reply(SmtpReplies.Greeting(Options.ServerName));
            while (await ProcessNextLineAsync())
            {
            }

            await FlushLastRepliesAsync();
        }
        catch (SessionTerminatedException terminated)
        {
            Logger.SessionTerminated(terminated.Message);
            if (terminated.FinalReply is { } reply)
            {
                Reply(reply);
                await FlushLastRepliesAsync();
            }
        }
        catch (OperationCanceledException) when (_aborted.IsCancellationRequested)
        {
            Logger.SessionAborted();
        }
        catch (IOException exception)
        {
            Logger.ConnectionLost(exception);
        }
        finally
        {
            await ClearTransactionAsync();
        }
    }

    /// <summary>Records a successful AUTH: the principal, and the session may now keep a reserved slot.</summary>
    public void Authenticated(string principal)
    {
        Context.AuthenticatedPrincipal = principal;
        Input.Deadlines.Authenticated();
        _lease?.MarkAuthenticated();
    }

    public void Reply(SmtpReply reply)
    {
        SmtpReplyWriter.Write(_transport.Output, reply);
        _services.Instruments?.Replied(reply.Code);
    }

    /// <summary>Metrics; null when the host collects none.</summary>
    public SmtpInstruments? Instruments => _services.Instruments;

    public void BeginTransaction(SmtpTransaction transaction) => Transaction = transaction;

    public MessageBuffer CreateMessageBuffer() => new(Options.TemporaryDirectory, Options.InMemoryMessageThreshold);

    /// <summary>Refuses content that broke a limit, or hands it to the message handler; returns the reply.</summary>
    public async ValueTask<SmtpReply> FinishMessageAsync(MessageContentDecoder decoder, MessageBuffer buffer)
    {
        if (RefusalFor(decoder.Violations) is { } refusal)
        {
            return refusal;
        }

        if (RefusalFor(buffer) is { } notKept)
        {
            return notKept;
        }

        var transaction = Transaction ?? throw new InvalidOperationException("No transaction to deliver.");
        return await Seams.HandleMessageAsync(transaction.ToEnvelope(), buffer);
    }

    /// <summary>
    /// The reply for content the buffer could not keep (452 4.3.1 when the disk is full, else 451 4.3.0), or null
    /// when it holds all of it. Logged once per message: the first time a reply is made for it.
    /// </summary>
    public SmtpReply? RefusalFor(MessageBuffer buffer)
    {
        if (buffer.WriteFailure is not { } failure)
        {
            return null;
        }

        if (StorageFullErrors.IsStorageFull(failure))
        {
            if (_loggedWriteFailure != failure)
            {
                Logger.NoRoomForMessage(failure.Message);
            }

            _loggedWriteFailure = failure;
            return SmtpReply.InsufficientStorage;
        }

        if (_loggedWriteFailure != failure)
        {
            Logger.ContentNotKept(failure.Message);
        }

        _loggedWriteFailure = failure;
        return SmtpReply.LocalError;
    }

    /// <summary>The reply that refuses content with these violations, or null when there are none.</summary>
    public SmtpReply? RefusalFor(ContentViolations violations)
    {
        if (violations == ContentViolations.None)
        {
            return null;
        }

        var refusal = violations.HasFlag(ContentViolations.TooLarge) ? SmtpReplies.MessageTooLarge(Options.MaxMessageSize)
            : violations.HasFlag(ContentViolations.Nul) ? SmtpReplies.NulInData
            : violations.HasFlag(ContentViolations.BareLineEnding) ? SmtpReplies.BareLineEndingInData
            : SmtpReplies.TextLineTooLong(Options.MaxTextLineLength);
        Logger.MessageRefused(violations, refusal);
        return refusal;
    }

    /// <summary>
    /// Flushes pending replies, then runs the TLS handshake under <see cref="SmtpServerOptions.TlsHandshakeTimeout"/>.
    /// Any plaintext already buffered is discarded. Without a certificate, or when the handshake fails, the session
    /// ends (there is no channel left to reply on).
    /// </summary>
    public async ValueTask StartTlsAsync()
    {
        var certificate = _services.Certificates.GetCertificate();
        if (certificate is null)
        {
            Logger.NoCertificateForTls();
            throw new SessionTerminatedException(null, "no server certificate");
        }

        var limit = Input.Deadlines.ForTlsHandshake(_services.TimeProvider.GetUtcNow(), Options.TlsHandshakeTimeout);
        using var timeout = new CancellationTokenSource(limit, _services.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _aborted, Evicted);
        try
        {
            await _transport.FlushAsync(linked.Token);
            var discarded = await _transport.StartTlsAsync(_services.CreateTlsOptions(certificate), linked.Token);
            if (discarded > 0)
            {
                Logger.DiscardedAfterStartTls(discarded);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_aborted.IsCancellationRequested)
        {
            Logger.TlsHandshakeTimedOut(limit);
            throw new SessionTerminatedException(null, "TLS handshake timed out");
        }
        catch (OperationCanceledException) when (Evicted.IsCancellationRequested && !_aborted.IsCancellationRequested)
        {
            throw new SessionTerminatedException(null, "reserved slot taken by a newer connection during the TLS handshake");
        }
        catch (AuthenticationException exception)
        {
            Logger.TlsHandshakeFailed(exception);
            throw new SessionTerminatedException(null, "TLS handshake failed");
        }
        catch (IOException exception)
        {
            Logger.TlsHandshakeConnectionLost(exception);
            throw new SessionTerminatedException(null, "connection lost during the TLS handshake");
        }

        // RFC 3207 4.2: forget everything learnt before TLS; the client must EHLO again.
        Context.IsSecure = true;
        Context.ClientHostName = null;
        Context.AuthenticatedPrincipal = null;
        Input.Reset();
        Logger.TlsEstablished(_transport.TlsProtocol, _transport.TlsCipher);
        _services.Instruments?.TlsEstablished(_transport.TlsProtocol);
    }

    private async ValueTask<bool> ProcessNextLineAsync()
    {
        var line = await Input.ReadLineAsync(idle: _state is SmtpState.NotGreeted or SmtpState.Greeted);
        var (reply, close) = line.Status switch
        {
            InputLineStatus.Closed => (null, true),
            InputLineStatus.TooLong => (SmtpReplies.LineTooLong, false),
            InputLineStatus.BareLineEnding => (SmtpReplies.BareLineEndingInCommand, false),
            _ => await ExecuteAsync(line.Content),
        };

        if (reply is not null)
        {
            close |= ReplyCountingBadCommands(reply);
        }

        return !close;
    }

    private async ValueTask<(SmtpReply? Reply, bool Close)> ExecuteAsync(ReadOnlyMemory<byte> line)
    {
        if (!CommandLine.TryParse(line, out var command))
        {
            return (SmtpReplies.CommandUnrecognized, false);
        }

        if (SmtpReplies.IsNonTransactionCommand(command.Verb) && ++_nonTransactionCommands > Options.MaxNonTransactionCommands)
        {
            Logger.TooManyNonTransactionCommands(_nonTransactionCommands);
            return (SmtpReplies.TooManyNonTransactionCommands, true);
        }

        var transition = SmtpStateTable.Find(_state, command.Verb);
        var handler = SmtpCommands.For(command.Verb);
        // The facts (one asks the certificate provider) are gathered only for rows that have a guard.
        var refusal = transition.Guard is null ? transition.Refusal : transition.Check(Facts());
        if (refusal is not null)
        {
            Logger.CommandRefused(command.Verb, _state, refusal);
            var inStep = await handler.OnRefusedAsync(this, command);
            return (refusal, !inStep);
        }

        var result = await handler.ExecuteAsync(this, command);
        var next = transition.NextState(_state, result.Outcome);
        if (next is SmtpState.NotGreeted or SmtpState.Greeted)
        {
            await ClearTransactionAsync();
        }

        if (result.Outcome == CommandOutcome.TransactionCompleted && result.Reply is { IsPositive: true })
        {
            // A client that delivers is not idling: a long session of RSET, MAIL, RCPT, DATA stays within the limit.
            _nonTransactionCommands = 0;
        }

        _state = next;
        return (result.Reply, result.CloseConnection);
    }

    private SessionFacts Facts() => new(
        Context.IsSecure,
        Context.AuthenticatedPrincipal is not null,
        IsStartTlsOffered,
        IsAuthOffered,
        Transaction?.BodyType);

    private bool ReplyCountingBadCommands(SmtpReply reply)
    {
        if (SmtpReplies.IsBadCommand(reply))
        {
            Logger.ProtocolError(reply);
            if (++_badCommands > Options.MaxBadCommands)
            {
                Logger.TooManyBadCommands(_badCommands);
                Reply(SmtpReplies.TooManyBadCommands);
                return true;
            }
        }

        Reply(reply);
        return false;
    }

    private async ValueTask FlushLastRepliesAsync()
    {
        using var timeout = new CancellationTokenSource(Options.CommandTimeout, _services.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _aborted);
        try
        {
            await _transport.FlushAsync(linked.Token);
        }
        catch (OperationCanceledException exception)
        {
            // The client stopped reading; close without the last reply.
            Logger.LastReplyNotSent(exception);
        }
        catch (IOException exception)
        {
            Logger.LastReplyNotSent(exception);
        }
    }

    private async ValueTask ClearTransactionAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
    }
}

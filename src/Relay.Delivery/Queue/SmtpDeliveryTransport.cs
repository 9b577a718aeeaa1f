using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;
using Relay.Delivery.Routing;

namespace Relay.Delivery.Queue;

/// <summary>
/// Delivers spooled messages with MailKit: the exact spooled bytes, the envelope as received, one result per
/// recipient. Connections are reused per host; a semaphore per destination bounds the messages in flight there.
/// </summary>
/// <remarks>
/// <para>Hosts are tried in route order while connecting fails (connection, greeting, TLS, authentication): that is
/// "the next MX on failure". Once a host has taken part in a transaction its replies decide: 2xx delivered, 4xx
/// retry later, 5xx failed for good, each recipient by its own RCPT reply and the accepted ones by the reply to
/// DATA. A connection lost mid-transaction, or a 2xx/3xx reply out of step, defers every recipient of it (4.5.0
/// for the latter) and the connection is discarded.</para>
/// <para>As in session mode nothing is converted: an 8-bit message for a host without 8BITMIME fails with
/// 554 5.6.3, because converting would break the signatures.</para>
/// </remarks>
public sealed class SmtpDeliveryTransport : IDeliveryTransport, IAsyncDisposable, IDisposable
{
    private readonly QueueOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SmtpDeliveryTransport> _logger;
    private readonly ConnectionPool _pool;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _destinations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the transport; throws if <paramref name="options"/> are invalid.</summary>
    public SmtpDeliveryTransport(QueueOptions options, TimeProvider timeProvider, ILogger<SmtpDeliveryTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _pool = new ConnectionPool(options, timeProvider);
    }

    /// <inheritdoc />
    public async Task<DeliveryReport> DeliverAsync(Route route, DeliveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(request);
        if (route.Failure is { } unroutable)
        {
            return DeliveryReport.ForAll(route.Destination, request.Recipients, unroutable);
        }

        var limit = _destinations.GetOrAdd(route.Destination, _ => new SemaphoreSlim(_options.MaxConcurrentPerDestination));
        await limit.WaitAsync(cancellationToken);
        try
        {
            return await DeliverWithinLimitAsync(route, request, cancellationToken);
        }
        finally
        {
            limit.Release();
        }
    }

    /// <summary>Closes idle connections that have waited too long; the queue calls this as it goes.</summary>
    public Task CloseIdleConnectionsAsync(CancellationToken cancellationToken) => _pool.CloseExpiredAsync(cancellationToken);

    /// <summary>Says QUIT to idle connections, then releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await _pool.CloseAllAsync(CancellationToken.None);
        Dispose();
    }

    /// <summary>Drops idle connections without QUIT (for a synchronous container disposal).</summary>
    public void Dispose()
    {
        _pool.DropAll();
        foreach (var limit in _destinations.Values)
        {
            limit.Dispose();
        }
    }

    private async Task<DeliveryReport> DeliverWithinLimitAsync(Route route, DeliveryRequest request, CancellationToken cancellationToken)
    {
        var rejected = new Dictionary<string, RecipientResult>(StringComparer.OrdinalIgnoreCase);
        var (message, envelope) = BuildEnvelope(request, rejected);
        if (envelope is null)
        {
            return new DeliveryReport(route.Destination, rejected);
        }

        var (verbatim, problem) = await VerbatimMessage.CreateAsync(message.Content, message.EightBitMime, cancellationToken);
        if (verbatim is null)
        {
            return DeliveryReport.ForAll(route.Destination, request.Recipients, RecipientResult.Permanent(
                554, "5.6.0", $"Message cannot be relayed unchanged: {problem}"));
        }

        using (verbatim)
        {
            var lastFailure = RecipientResult.Temporary("4.4.4", $"No host to try for {route.Destination}");
            var lastTarget = route.Destination;
            foreach (var target in route.Targets)
            {
                lastTarget = target.Name;
                var (client, failure) = await AcquireAsync(target, cancellationToken);
                if (client is null)
                {
                    lastFailure = failure!;
                    continue;
                }

                var results = await TransferAsync(client, target, message, envelope, verbatim, cancellationToken);
                foreach (var (address, result) in rejected)
                {
                    results[address] = result;
                }

                return new DeliveryReport(target.Name, results) { RemoteHost = target.Options.Host };
            }

            return DeliveryReport.ForAll(lastTarget, request.Recipients, lastFailure);
        }
    }

    /// <summary>The envelope without recipients MailKit cannot carry unchanged; those fail on their own.</summary>
    private static (OutboundMessage Message, Envelope? Envelope) BuildEnvelope(
        DeliveryRequest request, Dictionary<string, RecipientResult> rejected)
    {
        var recipients = request.Recipients.ToList();
        while (true)
        {
            var message = new OutboundMessage(request.ReversePath, recipients, request.EightBitMime, request.SmtpUtf8, request.Content);
            if (recipients.Count == 0)
            {
                return (message, null);
            }

            var (envelope, rejection) = Envelope.Create(message);
            if (envelope is not null)
            {
                return (message, envelope);
            }

            var culprit = recipients.FirstOrDefault(r => string.Equals(r, rejection!.Mailbox, StringComparison.Ordinal));
            if (culprit is null)
            {
                // The sender itself cannot be carried: nobody can get the message.
                foreach (var recipient in request.Recipients)
                {
                    rejected[recipient] = RecipientResult.From(rejection!);
                }

                return (message, null);
            }

            rejected[culprit] = RecipientResult.From(rejection!);
            recipients.RemoveAll(r => string.Equals(r, culprit, StringComparison.Ordinal));
        }
    }

    /// <summary>A fresh idle connection that is still open, or a new one; or why the host cannot be used.</summary>
    /// <remarks>
    /// An idle connection with nothing to read is used as it is: the pool keeps connections for seconds
    /// (<see cref="QueueOptions.ConnectionIdleTimeout"/>), far less than the five minutes RFC 5321 4.5.3.2.7 asks a
    /// server to wait, and a server that closed one has left its FIN to read. Only when there is something to read (a
    /// FIN, a 421, a TLS record) does a NOOP round trip decide, which saves one round trip per message at a busy hop.
    /// </remarks>
    private async Task<(PerRecipientSmtpClient? Client, RecipientResult? Failure)> AcquireAsync(
        DeliveryTarget target, CancellationToken cancellationToken)
    {
        while (await _pool.TakeAsync(target.Name, cancellationToken) is { } idle)
        {
            if (idle.IsQuietlyOpen)
            {
                return (idle, null);
            }

            try
            {
                await idle.NoOpAsync(cancellationToken);
                return (idle, null);
            }
            catch (Exception exception) when (ForwardFailure.Classify(exception, ForwardPhase.Transferring) is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                idle.Dispose();
            }
        }

        var client = NextHopConnection.Configure(new PerRecipientSmtpClient(), target.Options);
        var phase = ForwardPhase.Connecting;
        try
        {
            if (target.Address is { } address)
            {
                client.Socket = await NextHopConnection.ConnectAsync(client, target.Options, address, _timeProvider, cancellationToken);
            }
            else
            {
                client.Socket = await NextHopConnection.ConnectAsync(client, target.Options, cancellationToken);
            }

            phase = ForwardPhase.Authenticating;
            if (await AuthenticateAsync(client, target.Options, cancellationToken) is { } refusal)
            {
                await ConnectionPool.CloseAsync(client, target.Options, _timeProvider, cancellationToken);
                return (null, refusal);
            }

            return (client, null);
        }
        catch (Exception exception) when (ForwardFailure.Classify(exception, phase) is { } result)
        {
            cancellationToken.ThrowIfCancellationRequested();
            client.Dispose();
            QueueLog.HostFailed(_logger, target.Name, phase, result.ToString());
            return (null, RecipientResult.From(result));
        }
    }

    private static async Task<RecipientResult?> AuthenticateAsync(SmtpClient client, NextHopOptions options, CancellationToken cancellationToken)
    {
        if (options.UserName is null)
        {
            return null;
        }

        if (!client.IsSecure && options.TlsMode != NextHopTlsMode.None)
        {
            return RecipientResult.Temporary("4.7.0", "Not sending credentials to the next hop without TLS: it did not offer STARTTLS");
        }

        await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
        return null;
    }

    private async Task<Dictionary<string, RecipientResult>> TransferAsync(
        PerRecipientSmtpClient client, DeliveryTarget target, OutboundMessage message, Envelope envelope,
        VerbatimMessage verbatim, CancellationToken cancellationToken)
    {
        var recipients = envelope.Recipients.Select(mailbox => mailbox.Address).ToList();
        var keep = false;
        try
        {
            var (refusal, smtpUtf8) = await NextHopCapabilityGate.CheckAsync(client.Capabilities, message, envelope, cancellationToken);
            if (refusal is not null)
            {
                keep = true;
                return ForAll(recipients, RecipientResult.From(refusal));
            }

            var format = WireFormat.ForRelaying(smtpUtf8);
            client.BeginTransaction(verbatim.Size);
            var reply = await client.SendAsync(format, verbatim.Message, envelope.Sender, envelope.Recipients, cancellationToken);
            keep = true;
            var delivered = RecipientResult.FromReply(250, reply);
            QueueLog.Transferred(_logger, target.Name, recipients.Count - client.Refused.Count, client.Refused.Count, delivered.Reply);
            return PerRecipient(client, recipients, delivered);
        }
        catch (SmtpCommandException outOfStep) when ((int)outOfStep.StatusCode / 100 is not (4 or 5))
        {
            // A 2xx/3xx where MailKit expected another reply (250 to DATA, an extra 250): nothing was delivered,
            // and the replies that follow on this connection would be paired with the wrong commands.
            cancellationToken.ThrowIfCancellationRequested();
            var result = ForwardFailure.Classify(outOfStep, ForwardPhase.Transferring)!;
            QueueLog.HostFailed(_logger, target.Name, ForwardPhase.Transferring, result.ToString());
            return ForAll(recipients, RecipientResult.From(result));
        }
        catch (SmtpCommandException refused)
        {
            // A 4xx/5xx refusal (even one MailKit calls unexpected, such as 554 to DATA) answers the command it
            // was sent for, and MailKit has reset the transaction: the connection is still in step.
            cancellationToken.ThrowIfCancellationRequested();
            keep = true;
            var whole = RecipientResult.FromReply((int)refused.StatusCode, refused.Message);
            QueueLog.TransactionRefused(_logger, target.Name, refused.ErrorCode, whole.Reply);
            return refused.ErrorCode == SmtpErrorCode.SenderNotAccepted
                ? ForAll(recipients, whole)
                : PerRecipient(client, recipients, whole);
        }
        catch (Exception exception) when (ForwardFailure.Classify(exception, ForwardPhase.Transferring) is { } result)
        {
            cancellationToken.ThrowIfCancellationRequested();
            QueueLog.HostFailed(_logger, target.Name, ForwardPhase.Transferring, result.ToString());
            return ForAll(recipients, RecipientResult.Temporary(result.EnhancedStatusCode, result.Text));
        }
        finally
        {
            if (keep)
            {
                await _pool.ReturnAsync(target.Name, client, target.Options, cancellationToken);
            }
            else
            {
                client.Dispose();
            }
        }
    }

    private static Dictionary<string, RecipientResult> PerRecipient(
        PerRecipientSmtpClient client, IEnumerable<string> recipients, RecipientResult others) =>
        recipients.ToDictionary(
            recipient => recipient,
            recipient => client.Refused.TryGetValue(recipient, out var response)
                ? RecipientResult.FromReply((int)response.StatusCode, response.Response)
                : others,
            StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, RecipientResult> ForAll(IEnumerable<string> recipients, RecipientResult result) =>
        recipients.ToDictionary(recipient => recipient, _ => result, StringComparer.OrdinalIgnoreCase);
}

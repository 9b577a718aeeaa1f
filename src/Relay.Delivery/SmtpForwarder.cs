using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Relay.Delivery;

/// <summary>
/// Forwards each message to the configured next hop over its own SMTP connection, with MailKit, keeping the
/// envelope and the exact bytes that were signed.
/// </summary>
/// <remarks>
/// <para>All or nothing: if the next hop refuses any recipient the transaction is reset (RSET) and nobody gets the
/// message; the result carries that recipient's reply, a 4xx one in preference to a 5xx one. The result maps the
/// next hop's reply so that it can be handed back to our own client within its session.</para>
/// <para>The envelope is kept: MAIL FROM (the null sender included), every RCPT TO in order (repeats that differ
/// only in case are sent once), BODY=8BITMIME exactly when received so, SMTPUTF8 exactly when received so.
/// SIZE= is added when the next hop offers it.</para>
/// <para>Nothing is converted, because any change breaks the DKIM signature: ingestion makes a message 7-bit
/// before signing when <see cref="NextHopCapabilityProbe"/> says the next hop lacks 8BITMIME; should an 8-bit
/// message still meet such a hop (its capabilities changed since the probe), it is refused with 554 5.6.3
/// "Conversion to 7-bit required but not supported". A message received with SMTPUTF8 goes to a next hop without SMTPUTF8 only when nothing
/// needs it (RFC 6531): non-ASCII domains in the envelope go as A-labels (MailKit writes them so without
/// SMTPUTF8), a non-ASCII local part gives 553 5.6.7, a non-ASCII header field 554 5.6.9.</para>
/// <para>Reaching the next hop (connection, greeting, TLS, authentication) fails temporarily, with 451 4.4.x or
/// 4.7.x; credentials are sent only over TLS unless <see cref="NextHopTlsMode.None"/> is configured.</para>
/// </remarks>
public sealed class SmtpForwarder : IMessageForwarder
{
    private readonly NextHopOptions _options;
    private readonly ILogger<SmtpForwarder> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _nextHop;

    /// <summary>Creates a forwarder; throws if <paramref name="options"/> are invalid.</summary>
    public SmtpForwarder(NextHopOptions options, ILogger<SmtpForwarder> logger)
        : this(options, logger, TimeProvider.System)
    {
    }

    /// <summary>Creates a forwarder whose own timers (the QUIT timeout) run on <paramref name="timeProvider"/>.</summary>
    public SmtpForwarder(NextHopOptions options, ILogger<SmtpForwarder> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _nextHop = $"{options.Host}:{options.Port}";
    }

    /// <inheritdoc/>
    public async Task<ForwardResult> ForwardAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ThrowIfBroken(message);
        var (envelope, rejection) = Envelope.Create(message);
        if (envelope is null)
        {
            return Refuse(rejection!);
        }

        if (envelope.Recipients.Count < message.Recipients.Count)
        {
            ForwarderLog.DuplicateRecipients(_logger, message.Recipients.Count - envelope.Recipients.Count);
        }

        var (verbatim, problem) = await VerbatimMessage.CreateAsync(message.Content, message.EightBitMime, cancellationToken);
        if (verbatim is null)
        {
            return Refuse(ForwardResult.Permanent(554, "5.6.0", $"Message cannot be relayed unchanged: {problem}"));
        }

        using (verbatim)
        {
            return await ForwardAsync(message, envelope, verbatim, cancellationToken);
        }
    }

    private static void ThrowIfBroken(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.ReversePath, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Recipients, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Content, nameof(message));
        if (message.Recipients.Count == 0)
        {
            throw new ArgumentException("A message needs at least one recipient.", nameof(message));
        }

        if (!message.Content.CanSeek || !message.Content.CanRead)
        {
            throw new ArgumentException("The content stream must be readable and seekable.", nameof(message));
        }
    }

    private async Task<ForwardResult> ForwardAsync(
        OutboundMessage message, Envelope envelope, VerbatimMessage verbatim, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var phase = ForwardPhase.Connecting;
        try
        {
            await NextHopConnection.ConnectAsync(client, _options, cancellationToken);

            phase = ForwardPhase.Authenticating;
            var authenticationRefusal = await AuthenticateAsync(client, cancellationToken);
            if (authenticationRefusal is not null)
            {
                return Refuse(authenticationRefusal);
            }

            phase = ForwardPhase.Transferring;
            var (capabilityRefusal, smtpUtf8) = await NextHopCapabilityGate.CheckAsync(
                client.Capabilities, message, envelope, cancellationToken);
            if (capabilityRefusal is not null)
            {
                return Refuse(capabilityRefusal);
            }

            var reply = await SendAsync(client, envelope, verbatim, smtpUtf8, cancellationToken);
            var (status, text) = NextHopReply.Parse(250, reply, "2.0.0");
            ForwarderLog.Delivered(_logger, _nextHop, envelope.Recipients.Count, reply);
            return new ForwardResult(ForwardOutcome.Delivered, 250, status, text.Length > 0 ? text : "Ok", null);
        }
        catch (Exception exception) when (ForwardFailure.Classify(exception, phase) is { } result)
        {
            // A cancelled send can surface as an I/O error once MailKit has closed the socket; cancellation wins.
            cancellationToken.ThrowIfCancellationRequested();
            ForwarderLog.Failed(
                _logger, _nextHop, phase, result.ReplyCode, result.EnhancedStatusCode, result.Text,
                ForwardFailure.HopReply(exception) ?? "nothing", exception.GetType().Name);
            ForwarderLog.FailedDetail(_logger, exception);
            return result;
        }
        finally
        {
            await NextHopConnection.QuitAsync(client, _options, _timeProvider, cancellationToken);
        }
    }

    private RelaySmtpClient CreateClient() => NextHopConnection.Configure(new RelaySmtpClient(), _options);

    /// <summary>Returns a refusal when credentials would travel in clear text; throws what MailKit throws.</summary>
    private async Task<ForwardResult?> AuthenticateAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        if (_options.UserName is null)
        {
            return null;
        }

        if (!client.IsSecure && _options.TlsMode != NextHopTlsMode.None)
        {
            return ForwardResult.Temporary(
                "4.7.0", "Not sending credentials to the next hop without TLS: it did not offer STARTTLS");
        }

        await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken);
        return null;
    }

    private static async Task<string> SendAsync(
        RelaySmtpClient client, Envelope envelope, VerbatimMessage verbatim, bool smtpUtf8, CancellationToken cancellationToken)
    {
        // We relay, we do not compose: no header (Bcc included) is hidden.
        var format = WireFormat.ForRelaying(smtpUtf8);

        client.BeginTransaction(envelope.Recipients[^1], verbatim.Size);
        return await client.SendAsync(format, verbatim.Message, envelope.Sender, envelope.Recipients, cancellationToken);
    }

    private ForwardResult Refuse(ForwardResult refusal)
    {
        ForwarderLog.Refused(_logger, _nextHop, refusal.ReplyCode, refusal.EnhancedStatusCode, refusal.Text);
        return refusal;
    }
}

using Microsoft.Extensions.Logging;
using Relay.Core.Identities;

namespace Relay.Core.Ingestion;

/// <summary>
/// Checks the sender identities (From, Sender, Return-Path, envelope sender: <see cref="SenderIdentityCheck"/>) against
/// the account's identities, adds the domain and provider signatures, and hands the signed bytes onward. The same path
/// serves SMTP and the API.
/// </summary>
/// <remarks>
/// Before anything is signed, the header section is prepared as SES prepares it (<see cref="HeaderPreparation"/>):
/// Bcc and the X-SES-* fields removed, a missing Date and Message-ID added.
/// A message received with BODY=8BITMIME for a next hop without 8BITMIME is made 7-bit here, before signing, so
/// that the signatures cover the bytes that go out. The envelope decides whether to ask: a client that sends 8-bit
/// octets without BODY=8BITMIME has broken RFC 6152 and its message is passed on as received.
/// </remarks>
public sealed partial class MessageIngestionService(
    SenderIdentityCheck senderCheck,
    IMessageSigner signer,
    IOutboundDispatcher dispatcher,
    INextHopCapabilities nextHop,
    ProviderSignature provider,
    SigningOptions signing,
    ContentBufferFactory buffers,
    MessageIds ids,
    TimeProvider timeProvider,
    ILogger<MessageIngestionService> logger,
    Storage.StorageReserve? reserve = null,
    Quotas.SendingQuota? quota = null,
    Observability.IngestionInstruments? instruments = null) : IMessageIngestion, ISystemMessageSubmission
{

    private readonly SevenBitDowngrade _sevenBit = new(buffers);
    private readonly HeaderPreparation _headers = new(buffers, timeProvider);

    public async Task<IngestionResult> IngestAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = timeProvider.GetTimestamp();
        var messageId = message.MessageId ?? ids.Next();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = messageId });
        var size = message.Content.Length;
        if (reserve?.HasRoom() == false)
        {
            var refused = InsufficientStorage(messageId);
            LogMessage(message, messageId, null, null, "none", "free disk space below Relay:Storage:MinimumFreeDiskBytes", refused, size, started);
            return refused;
        }

        try
        {
            return await IngestWithRoomAsync(message, messageId, size, started, cancellationToken);
        }
        catch (IOException exception) when (StorageFullErrors.IsStorageFull(exception))
        {
            // A signing buffer or the spool ran out of space: the client keeps the message and tries again.
            var refused = InsufficientStorage(messageId);
            LogMessage(message, messageId, null, null, "none", $"no room: {exception.Message}", refused, size, started);
            return refused;
        }
        catch (Exception exception) when (Storage.StoreUnavailable.Is(exception))
        {
            // Identities and the shared rate are read before anything is spooled: nothing was acknowledged, the client
            // keeps the message and tries again.
            var refused = new IngestionResult(
                IngestionOutcome.TemporaryFailure, 451, "4.3.0", "Temporary failure: " + Storage.StoreUnavailable.Reason, messageId);
            LogMessage(message, messageId, null, null, "none", $"store unavailable: {Storage.StoreUnavailable.Describe(exception)}", refused, size, started);
            return refused;
        }
    }

    private async Task<IngestionResult> IngestWithRoomAsync(InboundMessage message, string messageId, long size, long started, CancellationToken cancellationToken)
    {
        var senders = await senderCheck.CheckAsync(message, cancellationToken);
        if (senders.Refusal is { } refusal)
        {
            var rejected = Reject(messageId, refusal.ReplyCode, refusal.EnhancedStatusCode, refusal.Text);
            LogMessage(message, messageId, senders.From, null, "none", refusal.Reason, rejected, size, started);
            return rejected;
        }

        var from = senders.From!;
        var resolution = senders.FromResolution!;

        var identity = resolution.AuthorizingIdentity?.Name;
        await using var reservation = quota is null ? null : await quota.ReserveAsync(message.AccountId, message.Recipients.Count, cancellationToken);
        if (reservation?.ExceededLimit is { } limit)
        {
            var throttled = Quotas.SendingQuota.Throttled(limit, messageId);
            LogMessage(message, messageId, from, identity, "none", $"over {limit}", throttled, size, started);
            return throttled;
        }

        var prepared = await _headers.PrepareAsync(message.Content, messageId, provider.Spec.Domain, cancellationToken);
        await using var preparedContent = prepared.Content;
        if (prepared.ResolveAttributes(message, out var configurationSet, out var tags) is { } tagProblem)
        {
            var rejected = Reject(messageId, 550, "5.6.0", $"Message rejected: {tagProblem}");
            LogMessage(message, messageId, from, identity, "none", tagProblem, rejected, size, started);
            return rejected;
        }

        LogPrepared(messageId, prepared, configurationSet, tags);
        var source = preparedContent ?? message.Content;
        var downgrade = await DowngradeIfNeededAsync(message, source, cancellationToken);
        await using var converted = downgrade?.Content;
        if (downgrade is not null && RefusalFor(messageId, downgrade) is { } refused)
        {
            LogMessage(message, messageId, from, identity, "none", downgrade.Problem, refused, size, started);
            return refused;
        }

        var content = converted ?? source;
        var reason = downgrade is null
            ? resolution.Reason
            : $"{resolution.Reason}; next hop lacks 8BITMIME: {Describe(downgrade)}";
        var signatures = PlanSignatures(resolution);
        await using var signed = buffers.Create(content.Length);
        if (message.TraceField is { } trace)
        {
            await signed.WriteAsync(System.Text.Encoding.UTF8.GetBytes(trace), cancellationToken);
        }

        var signingStarted = timeProvider.GetTimestamp();
        try
        {
            await signer.SignAsync(content, signatures, signed, cancellationToken);
            instruments?.SignaturesAdded(signatures.Count - provider.Specs.Count, provider.Specs.Count, timeProvider.GetElapsedTime(signingStarted));
        }
        catch (UnsignableMessageException ex)
        {
            instruments?.SigningFailed();
            var rejected = Reject(messageId, 550, "5.6.0", $"Message rejected: {ex.Message}");
            LogMessage(message, messageId, from, identity, "none", ex.Message, rejected, size, started);
            return rejected;
        }

        signed.Position = 0;

        // After a downgrade the content is 7-bit, whatever the client declared.
        var envelope = new OutboundEnvelope(
            message.ReversePath, message.Recipients, message.EightBitMime && downgrade is null, message.SmtpUtf8, message.AccountId)
        {
            ConfigurationSetName = configurationSet,
            Tags = tags,
        };
        var handOverStarted = timeProvider.GetTimestamp();
        var dispatched = await dispatcher.DispatchAsync(messageId, envelope, signed, cancellationToken);
        instruments?.HandedOver(timeProvider.GetElapsedTime(handOverStarted));
        var result = new IngestionResult(dispatched.Outcome, dispatched.ReplyCode, dispatched.EnhancedStatusCode, dispatched.Text, messageId);
        if (result.Outcome == IngestionOutcome.Accepted)
        {
            reservation?.Commit();
        }

        LogMessage(message, messageId, from, identity, string.Join(", ", signatures.Select(s => s.Domain)), reason, result, size, started);
        return result;
    }

    public async Task<IngestionResult> SubmitAsync(
        string reversePath, IReadOnlyList<string> recipients, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reversePath);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(content);
        var started = timeProvider.GetTimestamp();
        var messageId = ids.Next();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = messageId });
        // A notification to an internationalised sender needs SMTPUTF8 (or, at a next hop without it, the A-label form
        // of its domain): without the flag, delivery refuses the address before sending (553 5.6.7).
        var smtpUtf8 = !System.Text.Ascii.IsValid(reversePath) || recipients.Any(r => !System.Text.Ascii.IsValid(r));
        var message = new InboundMessage(SystemAccount.Id, reversePath, recipients, EightBitMime: false, smtpUtf8, content, SystemAccount.Id);
        var signatures = provider.Specs.Select(spec => spec with { OversignFrom = signing.OversignFrom }).ToList();
        IngestionResult result;
        try
        {
            await using var signed = buffers.Create(content.Length);
            var signingStarted = timeProvider.GetTimestamp();
            await signer.SignAsync(content, signatures, signed, cancellationToken);
            instruments?.SignaturesAdded(0, signatures.Count, timeProvider.GetElapsedTime(signingStarted));
            signed.Position = 0;
            var envelope = new OutboundEnvelope(reversePath, recipients, EightBitMime: false, smtpUtf8, SystemAccount.Id);
            var handOverStarted = timeProvider.GetTimestamp();
            var dispatched = await dispatcher.DispatchAsync(messageId, envelope, signed, cancellationToken);
            instruments?.HandedOver(timeProvider.GetElapsedTime(handOverStarted));
            result = new IngestionResult(dispatched.Outcome, dispatched.ReplyCode, dispatched.EnhancedStatusCode, dispatched.Text, messageId);
        }
        catch (IOException exception) when (StorageFullErrors.IsStorageFull(exception))
        {
            // Not the reserve: system messages (bounces of mail already accepted) may use it. Only a full disk stops them.
            result = InsufficientStorage(messageId);
        }

        LogMessage(message, messageId, reversePath, null, signatures[0].Domain, "system message", result, content.Length, started);
        return result;
    }

    /// <summary>Null when the message goes out as received: not 8-bit, or the next hop takes 8BITMIME.</summary>
    private async Task<SevenBitDowngradeResult?> DowngradeIfNeededAsync(InboundMessage message, Stream content, CancellationToken cancellationToken)
    {
        if (!message.EightBitMime || await nextHop.AcceptsEightBitMimeAsync(cancellationToken))
        {
            return null;
        }

        return await _sevenBit.ConvertAsync(content, cancellationToken);
    }

    private void LogPrepared(string messageId, HeaderPreparationResult prepared, string? configurationSet, IReadOnlyList<MessageTag> tags)
    {
        if (prepared.Changes.Count > 0 || configurationSet is not null || tags.Count > 0)
        {
            var changes = prepared.Changes.Count == 0 ? "none" : string.Join(", ", prepared.Changes);
            var tagList = MessageTagsField.Format(tags);
            LogHeadersPrepared(logger, messageId, changes, configurationSet ?? "-", tagList);
        }
    }

    private static IngestionResult? RefusalFor(string messageId, SevenBitDowngradeResult downgrade) => downgrade.Outcome switch
    {
        SevenBitDowngradeOutcome.EightBitHeader => Reject(messageId, 550, "5.6.7",
            "Message rejected: the next hop does not accept 8-bit content, and a header field holds 8-bit octets, " +
            "which cannot be converted to 7-bit (RFC 6531)"),
        SevenBitDowngradeOutcome.NotConvertible => Reject(messageId, 554, "5.6.3",
            $"Conversion to 7-bit required but not possible: {downgrade.Problem}"),
        _ => null,
    };

    private static string Describe(SevenBitDowngradeResult downgrade) => downgrade.Outcome == SevenBitDowngradeOutcome.Converted
        ? $"converted to 7-bit before signing ({downgrade.ConvertedParts} part(s) re-encoded)"
        : "content already 7-bit, sent without BODY=8BITMIME";

    private List<SignatureSpec> PlanSignatures(IdentityResolution resolution)
    {
        var signatures = new List<SignatureSpec>(2);
        if (resolution.SigningDomain is { SigningKey: { } key } domain)
        {
            if (resolution.Ed25519SigningKey is { } ed25519)
            {
                // RFC 8463 dual signing: the Ed25519 signature above the RSA one; a verifier that does not know
                // ed25519-sha256 ignores it and checks the RSA signature.
                signatures.Add(new SignatureSpec(domain.Name, ed25519.Selector, ed25519.PrivateKeyPem) { OversignFrom = signing.OversignFrom });
            }

            signatures.Add(new SignatureSpec(domain.Name, key.Selector, key.PrivateKeyPem) { OversignFrom = signing.OversignFrom });
        }

        signatures.AddRange(provider.Specs.Select(spec => spec with { OversignFrom = signing.OversignFrom }));
        return signatures;
    }

    private static IngestionResult InsufficientStorage(string messageId) =>
        new(IngestionOutcome.TemporaryFailure, 452, "4.3.1", "Insufficient system storage", messageId);

    private static IngestionResult Reject(string messageId, int code, string enhanced, string text) =>
        new(IngestionOutcome.PermanentFailure, code, enhanced, text, messageId);

    private void LogMessage(
        InboundMessage message, string messageId, string? from, string? identity, string signatures, string reason,
        IngestionResult result, long size, long started)
    {
        var elapsed = timeProvider.GetElapsedTime(started);
        instruments?.Message(message.FrontDoor, message.AccountId, result.Outcome.ToString(), result.ReplyCode, result.EnhancedStatusCode, elapsed);
        LogMessageResult(logger, messageId, message.FrontDoor, message.AccountId, from ?? "-", identity ?? "-", signatures, reason,
            result.Outcome, result.ReplyCode, result.Text, size, message.Recipients.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 9120, Level = LogLevel.Information,
        Message = "Message {MessageId} header section prepared before signing: {Changes}; configuration-set={ConfigurationSet} tags=[{Tags}]")]
    private static partial void LogHeadersPrepared(ILogger logger, string messageId, string changes, string configurationSet, string tags);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information,
        Message = "Message {MessageId} via {FrontDoor} account={Account} from={From} identity={Identity} signed-by=[{Signatures}] " +
                  "reason=\"{Reason}\" result={Outcome} {ReplyCode} \"{ReplyText}\" size={Size} rcpts={RecipientCount} ms={DurationMs:F1}")]
    private static partial void LogMessageResult(
        ILogger logger, string messageId, string frontDoor, string account, string from, string identity, string signatures,
        string reason, IngestionOutcome outcome, int replyCode, string replyText, long size, int recipientCount, double durationMs);
}

using Microsoft.Extensions.Logging;
using Relay.Core.Identities;

namespace Relay.Core.Ingestion;

/// <summary>
/// Checks the From address against the account's identities, adds the domain and provider signatures,
/// and hands the signed bytes onward. The same path serves SMTP and the API.
/// </summary>
public sealed partial class MessageIngestionService(
    IdentityResolver resolver,
    IMessageSigner signer,
    IOutboundDispatcher dispatcher,
    ProviderSignature provider,
    SigningOptions signing,
    ContentBufferFactory buffers,
    TimeProvider timeProvider,
    ILogger<MessageIngestionService> logger) : IMessageIngestion
{
    public async Task<IngestionResult> IngestAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = timeProvider.GetTimestamp();
        var messageId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = messageId });
        var size = message.Content.Length;

        var from = FromHeader.ReadSingleAddress(message.Content, out var problem);
        if (from is null)
        {
            var rejected = Reject(messageId, 550, "5.6.0", $"Message rejected: {problem}");
            LogMessage(message, messageId, null, null, "none", problem, rejected, size, started);
            return rejected;
        }

        var resolution = await resolver.ResolveAsync(message.AccountId, from, cancellationToken);
        if (!resolution.IsAuthorized)
        {
            var rejected = Reject(messageId, 554, "5.7.1",
                $"Message rejected: Email address is not verified. The following identities failed the check: {from}");
            LogMessage(message, messageId, from, null, "none", resolution.Reason, rejected, size, started);
            return rejected;
        }

        var signatures = PlanSignatures(resolution);
        await using var signed = buffers.Create(size);
        if (message.TraceField is { } trace)
        {
            await signed.WriteAsync(System.Text.Encoding.UTF8.GetBytes(trace), cancellationToken);
        }

        try
        {
            await signer.SignAsync(message.Content, signatures, signed, cancellationToken);
        }
        catch (UnsignableMessageException ex)
        {
            var rejected = Reject(messageId, 550, "5.6.0", $"Message rejected: {ex.Message}");
            LogMessage(message, messageId, from, resolution.AuthorizingIdentity?.Name, "none", ex.Message, rejected, size, started);
            return rejected;
        }

        signed.Position = 0;

        var envelope = new OutboundEnvelope(message.ReversePath, message.Recipients, message.EightBitMime, message.SmtpUtf8);
        var dispatched = await dispatcher.DispatchAsync(messageId, envelope, signed, cancellationToken);
        var result = new IngestionResult(dispatched.Outcome, dispatched.ReplyCode, dispatched.EnhancedStatusCode, dispatched.Text, messageId);
        LogMessage(message, messageId, from, resolution.AuthorizingIdentity?.Name,
            string.Join(", ", signatures.Select(s => s.Domain)), resolution.Reason, result, size, started);
        return result;
    }

    private List<SignatureSpec> PlanSignatures(IdentityResolution resolution)
    {
        var signatures = new List<SignatureSpec>(2);
        if (resolution.SigningDomain is { SigningKey: { } key } domain)
        {
            signatures.Add(new SignatureSpec(domain.Name, key.Selector, key.PrivateKeyPem) { OversignFrom = signing.OversignFrom });
        }

        signatures.Add(provider.Spec with { OversignFrom = signing.OversignFrom });
        return signatures;
    }

    private static IngestionResult Reject(string messageId, int code, string enhanced, string text) =>
        new(IngestionOutcome.PermanentFailure, code, enhanced, text, messageId);

    private void LogMessage(
        InboundMessage message, string messageId, string? from, string? identity, string signatures, string reason,
        IngestionResult result, long size, long started)
    {
        var elapsed = timeProvider.GetElapsedTime(started);
        LogMessageResult(logger, messageId, message.FrontDoor, message.AccountId, from ?? "-", identity ?? "-", signatures, reason,
            result.Outcome, result.ReplyCode, result.Text, size, message.Recipients.Count, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Message {MessageId} via {FrontDoor} account={Account} from={From} identity={Identity} signed-by=[{Signatures}] " +
                  "reason=\"{Reason}\" result={Outcome} {ReplyCode} \"{ReplyText}\" size={Size} rcpts={RecipientCount} ms={DurationMs:F1}")]
    private static partial void LogMessageResult(
        ILogger logger, string messageId, string frontDoor, string account, string from, string identity, string signatures,
        string reason, IngestionOutcome outcome, int replyCode, string replyText, long size, int recipientCount, double durationMs);
}

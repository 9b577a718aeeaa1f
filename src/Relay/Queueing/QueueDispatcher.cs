using Microsoft.Extensions.Logging;
using Relay.Core.Ingestion;
using Relay.Delivery.Queue;
using Relay.Delivery.Spool;

namespace Relay.Queueing;

/// <summary>
/// Queue mode: the signed bytes go into the spool, and the client gets 250 only once they are durable there
/// (file and folder fsynced). A spool that cannot be written gives 451 (452 4.3.1 when the disk is full), so the
/// client keeps the message.
/// </summary>
internal sealed partial class QueueDispatcher(DeliveryScheduler scheduler, ILogger<QueueDispatcher> logger) : IOutboundDispatcher
{
    public async Task<DispatchResult> DispatchAsync(
        string messageId, OutboundEnvelope envelope, Stream signedContent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var message = new QueuedMessage(
            envelope.ReversePath, envelope.Recipients, envelope.EightBitMime, envelope.SmtpUtf8, envelope.AccountId, messageId)
        {
            ConfigurationSetName = envelope.ConfigurationSetName,
            MessageTags = envelope.Tags.Select(tag => new SpoolMessageTag { Name = tag.Name, Value = tag.Value }).ToList(),
        };
        try
        {
            var spooled = await scheduler.EnqueueAsync(message, signedContent, cancellationToken);
            LogQueued(logger, spooled.Envelope.Id, spooled.ContentLength);
            return new DispatchResult(IngestionOutcome.Accepted, 250, "2.0.0", $"Ok: queued as {spooled.Envelope.Id}");
        }
        catch (IOException exception) when (StorageFullErrors.IsStorageFull(exception))
        {
            LogSpoolFull(logger, messageId, exception.Message);
            return new DispatchResult(IngestionOutcome.TemporaryFailure, 452, "4.3.1", "Insufficient system storage");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogSpoolFailed(logger, messageId, exception);
            return new DispatchResult(IngestionOutcome.TemporaryFailure, 451, "4.3.0", "Requested action aborted: local error in processing");
        }
    }

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Message {MessageId} spooled ({Length} bytes)")]
    private static partial void LogQueued(ILogger logger, string messageId, long length);

    [LoggerMessage(EventId = 7405, Level = LogLevel.Warning, Message = "Message {MessageId} could not be spooled, no room ({Reason}); answering 452 4.3.1")]
    private static partial void LogSpoolFull(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "Message {MessageId} could not be spooled; answering 451")]
    private static partial void LogSpoolFailed(ILogger logger, string messageId, Exception exception);
}

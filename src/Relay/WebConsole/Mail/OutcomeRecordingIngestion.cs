using Relay.Core.Ingestion;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Records what the ingestion path refused (4xx or 5xx at the end of DATA, or from the API) in <see cref="RecentOutcomes"/>;
/// what it accepts is recorded from the queue's Send event. Refusals before DATA (AUTH, RCPT) never reach it.
/// </summary>
internal sealed class OutcomeRecordingIngestion(IMessageIngestion inner, RecentOutcomes outcomes, TimeProvider time) : IMessageIngestion
{
    public async Task<IngestionResult> IngestAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await inner.IngestAsync(message, cancellationToken);
        if (result.Outcome != IngestionOutcome.Accepted)
        {
            var reason = $"{result.ReplyCode} {result.EnhancedStatusCode} {result.Text}"
                         + (result.Outcome == IngestionOutcome.TemporaryFailure ? " (temporary: the client may send it again)" : string.Empty);
            outcomes.Record(new RecentOutcome(time.GetUtcNow(), message.AccountId, result.MessageId, message.ReversePath,
                OutcomeRecordingEventSink.Recipients(message.Recipients.Count), OutcomeKind.Rejected, reason));
        }

        return result;
    }
}

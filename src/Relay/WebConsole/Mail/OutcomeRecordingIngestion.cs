using Relay.Core.Ingestion;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Records what the ingestion path refused (4xx or 5xx at the end of DATA, or from the API) in <see cref="RecentOutcomes"/>.
/// In queue mode what it accepts is recorded from the queue's Send event; in session mode, where acceptance means the
/// next hop took the message within the session, here, as delivered. Refusals before DATA (AUTH, RCPT) never reach it.
/// </summary>
/// <param name="inner">The ingestion path itself.</param>
/// <param name="outcomes">Where outcomes are kept.</param>
/// <param name="time">The clock of each outcome.</param>
/// <param name="sessionMode">Relay forwards within the SMTP session (no queue, so no delivery events).</param>
internal sealed class OutcomeRecordingIngestion(IMessageIngestion inner, RecentOutcomes outcomes, TimeProvider time, bool sessionMode) : IMessageIngestion
{
    public async Task<IngestionResult> IngestAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await inner.IngestAsync(message, cancellationToken);
        var recipients = OutcomeRecordingEventSink.Recipients(message.Recipients.Count);
        if (result.Outcome == IngestionOutcome.Accepted && sessionMode)
        {
            outcomes.Record(new RecentOutcome(time.GetUtcNow(), message.AccountId, result.MessageId, message.ReversePath, recipients, OutcomeKind.Delivered,
                $"{result.ReplyCode} {result.EnhancedStatusCode} {result.Text} (forwarded within the session)"));
        }
        else if (result.Outcome != IngestionOutcome.Accepted)
        {
            var reason = $"{result.ReplyCode} {result.EnhancedStatusCode} {result.Text}"
                         + (result.Outcome == IngestionOutcome.TemporaryFailure ? " (temporary: the client may send it again)" : string.Empty);
            outcomes.Record(new RecentOutcome(time.GetUtcNow(), message.AccountId, result.MessageId, message.ReversePath, recipients, OutcomeKind.Rejected, reason));
        }

        return result;
    }
}

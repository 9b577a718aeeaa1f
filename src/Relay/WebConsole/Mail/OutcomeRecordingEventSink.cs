using Relay.Delivery.Events;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Feeds <see cref="RecentOutcomes"/> from the queue's delivery events (the points that feed the SES event webhooks),
/// then hands each event on to the webhooks' publisher when there is one.
/// </summary>
internal sealed class OutcomeRecordingEventSink(RecentOutcomes outcomes, IDeliveryEventSink? next) : IDeliveryEventSink
{
    public async Task PublishAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        Record(deliveryEvent);
        if (next is not null)
        {
            await next.PublishAsync(deliveryEvent, cancellationToken);
        }
    }

    private void Record(DeliveryEvent deliveryEvent)
    {
        var envelope = deliveryEvent.Envelope;
        if (deliveryEvent.Kind == DeliveryEventKind.Send)
        {
            outcomes.Record(new RecentOutcome(deliveryEvent.At, envelope.AccountId, envelope.Id, envelope.ReversePath,
                Recipients(envelope.Recipients.Count), OutcomeKind.Accepted, null));
            return;
        }

        var kind = deliveryEvent.Kind switch
        {
            DeliveryEventKind.Delivery => OutcomeKind.Delivered,
            DeliveryEventKind.Bounce => OutcomeKind.Bounced,
            _ => OutcomeKind.Deferred,
        };
        foreach (var recipient in deliveryEvent.Recipients)
        {
            var reason = deliveryEvent.Suppressed ? "on the account's suppression list" : recipient.Result.Reply;
            if (recipient.RemoteHost is { } host && !deliveryEvent.Suppressed)
            {
                reason += $" (from {host})";
            }

            outcomes.Record(new RecentOutcome(deliveryEvent.At, envelope.AccountId, envelope.Id, envelope.ReversePath, recipient.Address, kind, reason));
        }
    }

    internal static string Recipients(int count) => count == 1 ? "1 recipient" : $"{count} recipients";
}

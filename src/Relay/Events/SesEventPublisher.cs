using System.Text.Json;
using MimeKit;
using Relay.Delivery.Events;
using Relay.Delivery.Spool;

namespace Relay.Events;

/// <summary>
/// Turns the queue's events into SES-shaped JSON and keeps one copy per interested webhook in the outbox (durably,
/// before the queue goes on), then wakes those webhooks' senders. The message's header fields are read from the spool
/// now, while the message is still there.
/// </summary>
internal sealed class SesEventPublisher(
    IReadOnlyList<EventWebhook> webhooks, EventOutbox outbox, EventSignals signals, IMessageSpool spool, TimeProvider time, string reportingMta,
    EventInstruments instruments)
    : IDeliveryEventSink
{
    public async Task PublishAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        var interested = webhooks.Where(hook => hook.Wants(deliveryEvent)).ToList();
        if (interested.Count == 0)
        {
            return;
        }

        var id = outbox.NewId(time);
        var headers = await HeadersAsync(deliveryEvent.Envelope.Id, cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(SesEventJson.Build(deliveryEvent, headers, id, reportingMta));
        foreach (var hook in interested)
        {
            await outbox.AddAsync(hook.Name, id, body, cancellationToken);
            signals.Signal(hook.Name);
        }

        instruments.Kept(deliveryEvent.Kind);
    }

    private async Task<HeaderList> HeadersAsync(string messageId, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await spool.OpenContentAsync(messageId, cancellationToken);
            return await HeaderList.LoadAsync(content, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            // Deleted by an operator meanwhile: the event still says what happened, without the header fields.
            return [];
        }
    }
}

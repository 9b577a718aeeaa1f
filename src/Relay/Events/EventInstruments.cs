using System.Diagnostics.Metrics;
using Relay.Delivery.Events;

namespace Relay.Events;

/// <summary>What the event pipeline measures (meter <c>Relay.Events</c>): events kept by type, POSTs that failed, and each webhook's backlog.</summary>
internal sealed class EventInstruments
{
    private readonly Counter<long> _kept;
    private readonly Counter<long> _failures;

    public EventInstruments(IMeterFactory meters, EventOutbox outbox, IReadOnlyList<EventWebhook> webhooks)
    {
        var meter = meters.Create("Relay.Events");
        _kept = meter.CreateCounter<long>("relay_events", description: "Delivery events kept for webhooks, by type.");
        _failures = meter.CreateCounter<long>("relay_event_webhook_failures", description: "Event POSTs a webhook did not take (non-2xx, error or time-out), by webhook.");
        meter.CreateObservableGauge("relay_event_outbox_events",
            () => webhooks.Select(hook => new Measurement<long>(outbox.Pending(hook.Name).Count, new KeyValuePair<string, object?>("webhook", hook.Name))),
            description: "Events waiting in the outbox, by webhook.");
    }

    public void Kept(DeliveryEventKind kind) => _kept.Add(1, new KeyValuePair<string, object?>("type", kind.ToString()));

    public void Failed(string webhook) => _failures.Add(1, new KeyValuePair<string, object?>("webhook", webhook));
}

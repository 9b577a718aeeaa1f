using System.Collections.Concurrent;
using Relay.Delivery.Events;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>The events the queue publishes: what each pass reports, and that a sink that fails never costs a message or duplicates one.</summary>
public sealed class DeliveryEventTests
{
    [Test]
    public async Task A_pass_reports_send_then_delivery_bounce_and_delay_with_their_recipients()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = address => address switch
            {
                "gone@dest.test" => "550 5.1.1 User unknown",
                "busy@dest.test" => "452 4.2.2 Mailbox full",
                _ => null,
            },
        });
        var events = new RecordingSink();
        await using var kit = new SchedulerKit(sink, events: events);
        await kit.EnqueueAsync(SchedulerKit.Content("events"), "news@example.com", "ok@dest.test", "gone@dest.test", "busy@dest.test");

        await kit.Scheduler.DeliverDueAsync();

        var kinds = events.Published.Select(e => (e.Kind, string.Join(',', e.Recipients.Select(r => r.Address)))).ToList();
        Assert.That(kinds, Is.EqualTo(new[]
        {
            (DeliveryEventKind.Send, string.Empty),
            (DeliveryEventKind.Delivery, "ok@dest.test"),
            (DeliveryEventKind.Bounce, "gone@dest.test"),
            (DeliveryEventKind.DeliveryDelay, "busy@dest.test"),
        }));
        var delay = events.Published.Single(e => e.Kind == DeliveryEventKind.DeliveryDelay);
        Assert.That(delay.ExpiresAt, Is.EqualTo(SchedulerKit.Start + kit.Options.MaxAge));
        Assert.That(delay.Recipients.Single().Result.EnhancedStatusCode, Is.EqualTo("4.2.2"));
    }

    [Test]
    public async Task A_sink_that_cannot_keep_events_costs_no_message_and_delivers_it_once()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions());
        await using var kit = new SchedulerKit(sink, events: new RecordingSink { Broken = true });

        await kit.EnqueueAsync(SchedulerKit.Content("broken events"), "news@example.com", "a@dest.test");
        await kit.Scheduler.DeliverDueAsync();
        await kit.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered, Has.Count.EqualTo(1), "delivered, and not again");
        Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
        Assert.That(kit.Logger.Entries.Where(e => e.EventId == 4216).Select(e => e.Message), Has.Some.Contains("Send").And.Some.Contains("Delivery"));
    }

    private sealed class RecordingSink : IDeliveryEventSink
    {
        private readonly ConcurrentQueue<DeliveryEvent> _published = new();

        public bool Broken { get; init; }

        public IReadOnlyList<DeliveryEvent> Published => [.. _published];

        public Task PublishAsync(DeliveryEvent deliveryEvent, CancellationToken cancellationToken)
        {
            if (Broken)
            {
                throw new IOException("No space left on device");
            }

            _published.Enqueue(deliveryEvent);
            return Task.CompletedTask;
        }
    }
}

using Relay.Delivery.Metrics;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

public sealed class PrometheusTextWriterTests
{
    [Test]
    public async Task The_counters_and_gauges_are_written_in_the_text_exposition_format()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = a => a == "b@dest.test" ? "550 5.1.1 no" : null });
        await using var kit = new SchedulerKit(sink);
        await kit.EnqueueAsync(SchedulerKit.Content("metrics"), "news@example.com", "a@dest.test", "b@dest.test");
        await kit.Scheduler.DeliverDueAsync();
        await kit.EnqueueAsync(SchedulerKit.Content("waiting"));
        kit.Time.Advance(TimeSpan.FromSeconds(90));

        using var text = new StringWriter();
        await PrometheusTextWriter.WriteAsync(text, kit.Counters, kit.Spool);

        var lines = text.ToString().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Does.Not.Contain("\r"));
            Assert.That(lines, Does.Contain("# TYPE relay_messages_accepted_total counter"));
            Assert.That(lines, Does.Contain("relay_messages_accepted_total 2"));
            Assert.That(lines, Does.Contain("relay_recipients_delivered_total 1"));
            Assert.That(lines, Does.Contain("relay_recipients_bounced_total 1"));
            Assert.That(lines, Does.Contain("relay_recipients_deferred_total 0"));
            Assert.That(lines, Does.Contain("# TYPE relay_queue_messages gauge"));
            Assert.That(lines, Does.Contain("relay_queue_messages 1"));
            Assert.That(lines, Does.Contain("relay_queue_oldest_age_seconds 90"));
        });
    }
}

using Relay.Delivery.Spool;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>A next hop that replies out of step (issue 14 item 1): never a delivery, and its connection is not reused.</summary>
public sealed class OutOfStepReplyTests
{
    [Test]
    public async Task A_250_in_place_of_354_defers_with_4_5_0_and_discards_the_connection()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { DataCommandReply = "250 2.0.0 Ok" });
        await using var kit = new SchedulerKit(sink);
        var id = await kit.EnqueueAsync(SchedulerKit.Content("out of step"));

        await kit.Scheduler.DeliverDueAsync();

        var deferred = kit.Queued(id);
        Assert.Multiple(() =>
        {
            Assert.That(kit.Counters.Delivered, Is.Zero);
            Assert.That(deferred.Recipients.Single().State, Is.EqualTo(RecipientState.Pending));
            Assert.That(deferred.History.Single().Result, Does.StartWith("a@dest.test: 451 4.5.0 Next hop protocol error: unexpected reply 250"));
        });

        kit.Time.SetUtcNow(deferred.NextAttemptAt!.Value);
        await kit.Scheduler.DeliverDueAsync();

        Assert.Multiple(() =>
        {
            Assert.That(kit.Queued(id).Attempts, Is.EqualTo(2));
            Assert.That(sink.Sessions, Has.Count.EqualTo(2), "the out-of-step connection is not reused");
        });
    }
}

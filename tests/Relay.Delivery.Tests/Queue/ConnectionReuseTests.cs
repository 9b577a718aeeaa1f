using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>
/// A pooled connection to the next hop is reused without a NOOP round trip while it is quietly open, and is not used
/// once the server has closed it (no delivery attempt is lost to a stale connection).
/// </summary>
public sealed class ConnectionReuseTests
{
    private static readonly TimeSpan ServerClose = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_quietly_open_connection_carries_the_next_message_without_a_noop()
    {
        await using var sink = SmtpSink.Start();
        await using var kit = new SchedulerKit(sink);

        await kit.EnqueueAsync(SchedulerKit.Content("first"));
        await kit.Scheduler.DeliverDueAsync();
        await kit.EnqueueAsync(SchedulerKit.Content("second"));
        await kit.Scheduler.DeliverDueAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sink.Delivered, Has.Count.EqualTo(2));
            Assert.That(sink.Sessions, Has.Count.EqualTo(1), "the connection was reused");
            Assert.That(sink.Sessions[0].Verbs, Has.None.EqualTo("NOOP"));
        });
    }

    [Test]
    public async Task A_connection_the_server_closed_is_replaced_before_the_next_message()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { CloseAfterEachMessage = true });
        await using var kit = new SchedulerKit(sink);

        await kit.EnqueueAsync(SchedulerKit.Content("first"));
        await kit.Scheduler.DeliverDueAsync();
        await sink.Sessions[0].Closed.WaitAsync(ServerClose);
        var second = await kit.EnqueueAsync(SchedulerKit.Content("second"));
        await kit.Scheduler.DeliverDueAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sink.Delivered, Has.Count.EqualTo(2), "the second message went out at its first attempt");
            Assert.That(kit.Scheduler.Snapshot().Select(envelope => envelope.Id), Has.None.EqualTo(second));
            Assert.That(sink.Sessions, Has.Count.EqualTo(2));
        });
    }
}

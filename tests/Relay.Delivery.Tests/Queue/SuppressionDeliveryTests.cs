using MimeKit;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>The account's suppression list at delivery: listed recipients are not attempted, hard bounces are listed.</summary>
public sealed class SuppressionDeliveryTests
{
    [Test]
    public async Task A_listed_recipient_is_not_attempted_and_is_reported_as_SES_reports_it()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions());
        var list = new ListedRecipients("B@dest.test");
        await using var kit = new SchedulerKit(sink, suppression: list);
        await kit.EnqueueAsync(SchedulerKit.Content("listed"), "news@example.com", "a@dest.test", "b@dest.test");

        await kit.Scheduler.DeliverDueAsync();

        var rcpts = sink.Sessions.SelectMany(session => session.Commands).Where(command => command.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase));
        Assert.That(rcpts, Has.None.Contains("b@dest.test"), "never offered to the next hop");
        Assert.That(sink.Delivered.Single().Recipients, Is.EqualTo(new[] { "a@dest.test" }));
        using var dsn = MimeMessage.Load(new MemoryStream(kit.Bounces.Submitted.Single().Content));
        var group = ((MultipartReport)dsn.Body!).OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        Assert.Multiple(() =>
        {
            Assert.That(group["Final-Recipient"], Is.EqualTo("rfc822; b@dest.test"));
            Assert.That(group["Status"], Is.EqualTo("5.1.1"));
            Assert.That(group["Diagnostic-Code"], Does.Contain("OnAccountSuppressionList"));
            Assert.That(list.HardBounces, Is.Empty, "a recipient Relay did not attempt is no new bounce");
            Assert.That(kit.Logger.Entries.Where(e => e.EventId == 4213).Select(e => e.Message), Has.Exactly(1).Contains("1 recipient(s)"));
        });
    }

    [Test]
    public async Task A_550_from_the_next_hop_lists_the_recipient_and_a_451_does_not()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = address => address switch
            {
                "gone@dest.test" => "550 5.1.1 <gone@dest.test>: User unknown",
                "busy@dest.test" => "451 4.2.1 Mailbox busy",
                _ => null,
            },
        });
        var list = new ListedRecipients();
        await using var kit = new SchedulerKit(sink, suppression: list);
        await kit.EnqueueAsync(SchedulerKit.Content("bounce"), "news@example.com", "gone@dest.test", "busy@dest.test", "ok@dest.test");

        await kit.Scheduler.DeliverDueAsync();

        Assert.That(list.HardBounces.Select(b => (b.Account, b.Recipient, b.Diagnostic)),
            Is.EqualTo(new[] { ((string?)"shop", "gone@dest.test", "550 5.1.1 <gone@dest.test>: User unknown") }));
        Assert.That(kit.Logger.Entries.Where(e => e.EventId == 4214).Select(e => e.Message), Has.Exactly(1).Contains("gone@dest.test"));
    }

    [Test]
    public async Task Relay_refusing_a_message_itself_lists_nobody()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions());
        var list = new ListedRecipients();
        await using var kit = new SchedulerKit(sink, suppression: list);
        // A first line that is no header field: Relay will not relay it unchanged (5.6.0), which says nothing about the recipient.
        await kit.EnqueueAsync("not a header\r\n\r\nbody\r\n"u8.ToArray(), "news@example.com", "a@dest.test");

        await kit.Scheduler.DeliverDueAsync();

        Assert.That(kit.Bounces.Submitted, Has.Count.EqualTo(1), "the message failed");
        Assert.That(list.HardBounces, Is.Empty);
    }

    [Test]
    public async Task A_list_that_cannot_be_read_does_not_hold_up_delivery()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions());
        await using var kit = new SchedulerKit(sink, suppression: new ListedRecipients("a@dest.test") { Broken = true });
        await kit.EnqueueAsync(SchedulerKit.Content("broken list"), "news@example.com", "a@dest.test");

        await kit.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
        Assert.That(kit.Logger.Entries.Where(e => e.EventId == 4215), Is.Not.Empty);
    }
}

using System.Text;
using Relay.Delivery.Bounces;
using Relay.Delivery.Queue;
using Relay.Delivery.Spool;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>
/// Notifications to an internationalised envelope sender (issue 14 item 12) are delivered: with SMTPUTF8 when the next
/// hop offers it, else in the 7-bit form (A-label domain) when one exists; a UTF-8 local part that a next hop without
/// SMTPUTF8 cannot take is refused 553 5.6.7 and logged, never sent mangled.
/// </summary>
public sealed class Utf8SenderNotificationTests
{
    [TestCase("jörg@exämple.test")]
    [TestCase("user@bücher.example")]
    public async Task A_next_hop_with_smtputf8_gets_the_notification_to_the_address_as_received(string sender)
    {
        var bounce = await NotificationForAsync(sender);
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { SmtpUtf8 = true });
        await using var kit = new SchedulerKit(sink);

        await EnqueueAsSystemMessageAsync(kit, bounce);
        await kit.Scheduler.DeliverDueAsync();

        var delivered = sink.Delivered.Single();
        Assert.Multiple(() =>
        {
            Assert.That(delivered.ReversePath, Is.Empty);
            Assert.That(delivered.Recipients, Is.EqualTo(new[] { sender }));
            Assert.That(delivered.MailParameters, Does.Contain("SMTPUTF8"));
            Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
        });
    }

    [Test]
    public async Task A_next_hop_without_smtputf8_gets_the_notification_to_the_a_label_form_of_an_idn_domain()
    {
        var bounce = await NotificationForAsync("user@bücher.example");
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { SmtpUtf8 = false });
        await using var kit = new SchedulerKit(sink);

        await EnqueueAsSystemMessageAsync(kit, bounce);
        await kit.Scheduler.DeliverDueAsync();

        var delivered = sink.Delivered.Single();
        Assert.Multiple(() =>
        {
            Assert.That(delivered.Recipients, Is.EqualTo(new[] { "user@xn--bcher-kva.example" }));
            Assert.That(delivered.MailParameters, Does.Not.Contain("SMTPUTF8"));
            Assert.That(delivered.Data.All(octet => octet < 0x80), Is.True, "the notification is 7-bit");
            Assert.That(Encoding.ASCII.GetString(delivered.Data), Does.Contain("\r\nTo: user@xn--bcher-kva.example\r\n"));
            Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
        });
    }

    [Test]
    public async Task A_utf8_local_part_and_a_next_hop_without_smtputf8_is_a_logged_553_not_a_mangled_send()
    {
        var bounce = await NotificationForAsync("jörg@exämple.test");
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { SmtpUtf8 = false });
        await using var kit = new SchedulerKit(sink);

        await EnqueueAsSystemMessageAsync(kit, bounce);
        await kit.Scheduler.DeliverDueAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sink.Transactions.Where(t => t.Recipients.Count > 0), Is.Empty, "nothing is sent");
            Assert.That(kit.Scheduler.Snapshot(), Is.Empty, "a permanent failure");
            Assert.That(kit.Bounces.Submitted, Is.Empty, "a notification is never notified");
            Assert.That(kit.Logger.Entries.Select(e => e.Message),
                Has.Some.Contains("jörg@exämple.test").And.Contains("553 5.6.7").And.Contains("SMTPUTF8"));
        });
    }

    // The original message, from the UTF-8 sender, refused by its next hop: the scheduler's own notification.
    private static async Task<BounceMessage> NotificationForAsync(string sender)
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = _ => "550 5.1.1 User unknown" });
        await using var kit = new SchedulerKit(sink);
        var content = Encoding.UTF8.GetBytes($"From: {sender}\r\nTo: a@dest.test\r\nSubject: s\r\n\r\nHello\r\n");
        await kit.Scheduler.EnqueueAsync(new QueuedMessage(sender, ["a@dest.test"], true, true, "shop"), new MemoryStream(content), CancellationToken.None);

        await kit.Scheduler.DeliverDueAsync();

        return kit.Bounces.Submitted.Single();
    }

    // As the host's system submission queues it: the null sender, SMTPUTF8 exactly when an envelope address is non-ASCII.
    private static Task<SpooledMessage> EnqueueAsSystemMessageAsync(SchedulerKit kit, BounceMessage bounce) =>
        kit.Scheduler.EnqueueAsync(
            new QueuedMessage(string.Empty, [bounce.Recipient], false, !Ascii.IsValid(bounce.Recipient), null),
            new MemoryStream(bounce.Content), CancellationToken.None);
}

using MimeKit;
using Relay.Delivery.Queue;
using Relay.Delivery.Spool;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>The scheduler against a scripted sink, on a fake clock: retries, per-recipient outcomes, notifications, expiry.</summary>
public sealed class DeliverySchedulerTests
{
    [Test]
    public async Task A_queued_message_keeps_its_configuration_set_and_tags_in_the_spool_envelope()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions());
        await using var kit = new SchedulerKit(sink);
        var message = new QueuedMessage("news@example.com", ["a@dest.test"], false, false, "shop")
        {
            ConfigurationSetName = "marketing",
            MessageTags = [new SpoolMessageTag { Name = "campaign", Value = "spring" }],
        };

        var spooled = await kit.Scheduler.EnqueueAsync(message, new MemoryStream(SchedulerKit.Content("tags")), CancellationToken.None);

        var queued = kit.Queued(spooled.Envelope.Id);
        Assert.That(queued.ConfigurationSetName, Is.EqualTo("marketing"));
        Assert.That(queued.MessageTags.Select(t => (t.Name, t.Value)), Is.EqualTo(new[] { ("campaign", "spring") }));
        Assert.That(queued.AccountId, Is.EqualTo("shop"));
    }

    [Test]
    public async Task A_451_then_250_delivers_once_and_records_both_attempts()
    {
        var calls = 0;
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = _ => Interlocked.Increment(ref calls) == 1 ? "451 4.3.0 Try again later" : null,
        });
        await using var kit = new SchedulerKit(sink);
        var content = SchedulerKit.Content("retry");
        var id = await kit.EnqueueAsync(content);

        await kit.Scheduler.DeliverDueAsync();

        var deferred = kit.Queued(id);
        Assert.Multiple(() =>
        {
            Assert.That(sink.Delivered, Is.Empty);
            Assert.That(deferred.Attempts, Is.EqualTo(1));
            Assert.That(deferred.History.Single().Result, Is.EqualTo("a@dest.test: 451 4.3.0 Try again later"));
            Assert.That(deferred.History.Single().Destination, Is.EqualTo($"127.0.0.1:{sink.Port}"));
            Assert.That(deferred.Recipients.Single().State, Is.EqualTo(RecipientState.Pending));
            Assert.That(deferred.NextAttemptAt, Is.InRange(SchedulerKit.Start + TimeSpan.FromMinutes(4), SchedulerKit.Start + TimeSpan.FromMinutes(6)));
            Assert.That(kit.Counters.Deferred, Is.EqualTo(1));
        });

        // Not due yet: nothing happens.
        await kit.Scheduler.DeliverDueAsync();
        Assert.That(calls, Is.EqualTo(1));

        kit.Time.SetUtcNow(deferred.NextAttemptAt!.Value);
        await kit.Scheduler.DeliverDueAsync();

        Assert.Multiple(() =>
        {
            Assert.That(sink.Delivered, Has.Count.EqualTo(1));
            Assert.That(sink.Delivered[0].Data, Is.EqualTo(content), "the spooled bytes, unchanged");
            Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
            Assert.That(kit.Spool.Count, Is.Zero);
            Assert.That(kit.Counters.Delivered, Is.EqualTo(1));
            Assert.That(kit.Bounces.Submitted, Is.Empty);
            Assert.That(kit.Logger.Entries.Where(e => e.EventId == 4201).Select(e => e.Message),
                Has.Exactly(1).Contains("attempt 2").And.Contains("250 2.0.0"));
        });
    }

    [Test]
    public async Task A_550_for_one_of_three_delivers_two_and_sends_one_rfc3464_notification()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = address => address == "b@dest.test" ? "550 5.1.1 <b@dest.test>: User unknown" : null,
        });
        await using var kit = new SchedulerKit(sink);
        var id = await kit.EnqueueAsync(SchedulerKit.Content("three"), "news@example.com", "a@dest.test", "b@dest.test", "c@dest.test");

        await kit.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered.Single().Recipients, Is.EqualTo(new[] { "a@dest.test", "c@dest.test" }));
        Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
        var bounce = kit.Bounces.Submitted.Single();
        Assert.That(bounce.Recipient, Is.EqualTo("news@example.com"));
        Assert.That(bounce.OriginalSpoolId, Is.EqualTo(id));

        using var dsn = MimeMessage.Load(new MemoryStream(bounce.Content));
        var report = dsn.Body as MultipartReport;
        Assert.That(report, Is.Not.Null, dsn.Body?.ContentType.MimeType);
        var status = report!.OfType<MessageDeliveryStatus>().Single();
        var recipientGroup = status.StatusGroups[1];
        Assert.Multiple(() =>
        {
            Assert.That(report.ReportType, Is.EqualTo("delivery-status"));
            Assert.That(dsn.To.Mailboxes.Single().Address, Is.EqualTo("news@example.com"));
            Assert.That(status.StatusGroups, Has.Count.EqualTo(2), "one per-message group, one recipient group");
            Assert.That(status.StatusGroups[0]["Reporting-MTA"], Is.EqualTo("dns; relay.test"));
            Assert.That(recipientGroup["Final-Recipient"], Is.EqualTo("rfc822; b@dest.test"));
            Assert.That(recipientGroup["Action"], Is.EqualTo("failed"));
            Assert.That(recipientGroup["Status"], Is.EqualTo("5.1.1"));
            Assert.That(recipientGroup["Diagnostic-Code"], Does.StartWith("smtp; 550 5.1.1"));
            Assert.That(report.Any(part => part.ContentType.IsMimeType("text", "rfc822-headers")), Is.True);
            Assert.That(recipientGroup["Remote-MTA"], Is.EqualTo("dns; 127.0.0.1"));
            Assert.That(bounce.Content.All(octet => octet < 0x80), Is.True, "the notification is 7-bit");
            Assert.That(kit.Counters.Delivered, Is.EqualTo(2));
            Assert.That(kit.Counters.Bounced, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_failure_for_the_null_sender_is_never_notified()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = _ => "550 5.1.1 User unknown" });
        await using var kit = new SchedulerKit(sink);
        await kit.EnqueueAsync(SchedulerKit.Content("bounce of a bounce"), sender: string.Empty);

        await kit.Scheduler.DeliverDueAsync();

        Assert.That(kit.Bounces.Submitted, Is.Empty);
        Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
        Assert.That(kit.Logger.Entries.Select(e => e.EventId), Does.Contain(4206));
    }

    [Test]
    public async Task A_message_still_deferred_after_the_maximum_age_is_bounced_with_4_4_7()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = _ => "452 4.2.2 Mailbox full" });
        await using var kit = new SchedulerKit(sink, new QueueOptions { MaxAge = TimeSpan.FromHours(3) });
        var id = await kit.EnqueueAsync(SchedulerKit.Content("expire"));

        var passes = 0;
        while (kit.Scheduler.Snapshot().Count > 0 && passes++ < 50)
        {
            await kit.Scheduler.DeliverDueAsync();
            if (kit.Scheduler.Snapshot().SingleOrDefault()?.NextAttemptAt is { } next)
            {
                kit.Time.SetUtcNow(next);
            }
        }

        using var dsn = MimeMessage.Load(new MemoryStream(kit.Bounces.Submitted.Single().Content));
        var group = ((MultipartReport)dsn.Body!).OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        Assert.Multiple(() =>
        {
            Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
            Assert.That(kit.Time.GetUtcNow() - SchedulerKit.Start, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(3)));
            Assert.That(passes, Is.InRange(4, 10), "5, 10, 20, 40, 60… minutes");
            Assert.That(group["Status"], Is.EqualTo("4.4.7"));
            Assert.That(group["Diagnostic-Code"], Is.EqualTo("smtp; 452 4.2.2 Mailbox full"));
            Assert.That(kit.Logger.Entries.Select(e => e.EventId), Does.Contain(4204));
        });
        Assert.That(id, Is.Not.Empty);
    }

    [Test]
    public async Task Two_messages_to_the_same_host_share_one_connection()
    {
        await using var sink = SmtpSink.Start();
        await using var kit = new SchedulerKit(sink, new QueueOptions { MaxConcurrentDeliveries = 1 });
        await kit.EnqueueAsync(SchedulerKit.Content("one"));
        await kit.Scheduler.DeliverDueAsync();
        await kit.EnqueueAsync(SchedulerKit.Content("two"));
        await kit.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered, Has.Count.EqualTo(2));
        Assert.That(sink.Sessions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Retry_requested_through_the_inbox_runs_before_the_schedule_says()
    {
        var calls = 0;
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = _ => Interlocked.Increment(ref calls) == 1 ? "421 4.3.2 Closing" : null,
        });
        await using var kit = new SchedulerKit(sink);
        var id = await kit.EnqueueAsync(SchedulerKit.Content("retry now"));
        await kit.Scheduler.DeliverDueAsync();
        Assert.That(kit.Scheduler.Snapshot(), Has.Count.EqualTo(1));

        await kit.Commands.RequestAsync(id, SpoolCommand.Retry, CancellationToken.None);
        await kit.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
        Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
    }

    [Test]
    public async Task Delete_requested_through_the_inbox_removes_the_message_without_a_notification()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { RcptReply = _ => "451 4.3.0 later" });
        await using var kit = new SchedulerKit(sink);
        var id = await kit.EnqueueAsync(SchedulerKit.Content("delete me"));
        await kit.Scheduler.DeliverDueAsync();

        await kit.Commands.RequestAsync(id, SpoolCommand.Delete, CancellationToken.None);
        await kit.Scheduler.DeliverDueAsync();

        Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
        Assert.That(kit.Spool.Count, Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(kit.SpoolPath, "env")), Is.Empty);
        Assert.That(kit.Bounces.Submitted, Is.Empty);
    }

    [Test]
    public async Task A_deferred_message_survives_a_restart_with_its_state()
    {
        var bCalls = 0;
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = address => address == "b@dest.test" && Interlocked.Increment(ref bCalls) == 1 ? "451 4.3.0 later" : null,
        });
        await using var before = new SchedulerKit(sink);
        var id = await before.EnqueueAsync(SchedulerKit.Content("restart"), "news@example.com", "a@dest.test", "b@dest.test");
        await before.Scheduler.DeliverDueAsync();
        Assert.That(await File.ReadAllTextAsync(Path.Combine(before.SpoolPath, "env", id + ".json")), Does.Contain("\"formatVersion\": 2"));

        // A second scheduler on the same folder stands for the restarted process.
        await using var after = new SchedulerKit(sink, spoolPath: before.SpoolPath);
        Assert.That(await after.Scheduler.RecoverAsync(CancellationToken.None), Is.EqualTo(1));
        var recovered = after.Queued(id);
        Assert.That(recovered.Recipients.Select(r => r.State), Is.EqualTo(new[] { RecipientState.Delivered, RecipientState.Pending }));
        Assert.That(recovered.History, Has.Count.EqualTo(1));

        after.Time.SetUtcNow(recovered.NextAttemptAt!.Value);
        await after.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered.Select(t => string.Join(",", t.Recipients)), Is.EqualTo(new[] { "a@dest.test", "b@dest.test" }),
            "a once, then b alone");
        Assert.That(after.Scheduler.Snapshot(), Is.Empty);
    }

    [Test]
    public async Task An_envelope_in_format_version_1_is_recovered_and_delivered()
    {
        await using var sink = SmtpSink.Start();
        await using var kit = new SchedulerKit(sink);
        const string id = "0198c6f1a2b34c5d8e9f0a1b2c3d4e5f";
        var content = SchedulerKit.Content("old format");
        await File.WriteAllBytesAsync(Path.Combine(kit.SpoolPath, "msg", id + ".eml"), content);
        await File.WriteAllTextAsync(Path.Combine(kit.SpoolPath, "env", id + ".json"), $$"""
            {
              "formatVersion": 1,
              "envelope": {
                "id": "{{id}}",
                "reversePath": "sender@example.com",
                "recipients": [ { "address": "a@example.net", "state": "Pending", "lastReply": null } ],
                "eightBitMime": false,
                "smtpUtf8": false,
                "accountId": "acct-1",
                "createdAt": "2030-05-06T07:00:00+00:00",
                "attempts": 0,
                "nextAttemptAt": null,
                "lastError": null
              }
            }
            """);

        Assert.That(await kit.Scheduler.RecoverAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(kit.Queued(id).History, Is.Empty);
        await kit.Scheduler.DeliverDueAsync();

        Assert.That(sink.Delivered.Single().Data, Is.EqualTo(content));
        Assert.That(kit.Scheduler.Snapshot(), Is.Empty);
    }
}

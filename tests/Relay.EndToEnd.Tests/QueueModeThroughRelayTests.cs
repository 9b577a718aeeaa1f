using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Relay.Cli;
using Relay.Configuration;
using Relay.Delivery.Queue;
using Relay.Http;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Queue mode end to end: MailKit submits, Relay answers 250 once the message is spooled and delivers it in the
/// background to a scripted sink; python3-dkim checks the bytes that arrive after retries from the spool.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class QueueModeThroughRelayTests
{
    private const string Password = "correct horse battery";
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromSeconds(60);

    private RelayUnderTest? _relay;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task A_451_then_250_is_delivered_once_with_signatures_that_still_verify()
    {
        var calls = 0;
        var relay = await StartAsync(new SmtpSinkOptions
        {
            RcptReply = _ => Interlocked.Increment(ref calls) == 1 ? "451 4.3.0 Greylisted, try again" : null,
        });

        var reply = await SendAsync(relay, "someone@dest.test");

        Assert.That(reply, Does.StartWith("2.0.0 Ok"), "250 once spooled");
        var delivered = (await SinkWait.ForDeliveredAsync(relay.Sink, 1, DeliveryLimit)).Single();
        Assert.That(calls, Is.EqualTo(2), "refused once, accepted on the retry");
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
        var verdicts = await DkimVerifiers.VerifyWithPythonAsync(delivered.Data, relay.TxtRecords);
        Assert.That(verdicts.Select(v => v.Domain), Is.EqualTo(new[] { "example.com", RelayUnderTest.ProviderDomain }), DkimVerdict.Describe(verdicts));
        Assert.That(verdicts.All(v => v.Passed), Is.True, DkimVerdict.Describe(verdicts));
        Assert.That(relay.Sink.Delivered, Has.Count.EqualTo(1), "delivered once");

        var api = relay.Services.GetRequiredService<ApiListenerService>().BoundEndPoints.Single();
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://{api.Address}:{api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/metrics"));
        Assert.That(metrics, Does.Contain("relay_messages_accepted_total 1\n")
            .And.Contain("relay_recipients_deferred_total 1\n")
            .And.Contain("relay_recipients_delivered_total 1\n")
            .And.Contain("relay_queue_messages 0\n"), metrics);
    }

    [Test]
    public async Task A_550_for_one_of_three_delivers_two_and_returns_a_signed_rfc3464_notification()
    {
        var relay = await StartAsync(new SmtpSinkOptions
        {
            RcptReply = address => address == "b@dest.test" ? "550 5.1.1 <b@dest.test>: Recipient address rejected" : null,
        });

        await SendAsync(relay, "a@dest.test", "b@dest.test", "c@dest.test");

        var transactions = await SinkWait.ForDeliveredAsync(relay.Sink, 2, DeliveryLimit);
        var original = transactions.Single(t => t.ReversePath.Length > 0);
        var notification = transactions.Single(t => t.ReversePath.Length == 0);
        Assert.That(original.Recipients, Is.EqualTo(new[] { "a@dest.test", "c@dest.test" }));
        Assert.That(notification.Recipients, Is.EqualTo(new[] { "news@example.com" }));

        using var dsn = MimeMessage.Load(new MemoryStream(notification.Data));
        var report = dsn.Body as MultipartReport;
        Assert.That(report?.ReportType, Is.EqualTo("delivery-status"));
        var group = report!.OfType<MessageDeliveryStatus>().Single().StatusGroups[1];
        Assert.Multiple(() =>
        {
            Assert.That(group["Final-Recipient"], Is.EqualTo("rfc822; b@dest.test"));
            Assert.That(group["Action"], Is.EqualTo("failed"));
            Assert.That(group["Status"], Is.EqualTo("5.1.1"));
            Assert.That(group["Diagnostic-Code"], Does.Contain("Recipient address rejected"));
        });

        var verdicts = await DkimVerifiers.VerifyWithPythonAsync(notification.Data, relay.TxtRecords);
        Assert.That(verdicts.Select(v => v.Domain), Is.EqualTo(new[] { RelayUnderTest.ProviderDomain }), DkimVerdict.Describe(verdicts));
        Assert.That(verdicts.Single().Passed, Is.True, DkimVerdict.Describe(verdicts));
    }

    [Test]
    public async Task The_id_in_the_250_reply_is_the_one_queue_show_takes_and_the_received_field_names()
    {
        var release = new TaskCompletionSource();
        var relay = await StartAsync(new SmtpSinkOptions
        {
            RcptReply = _ => release.Task.IsCompleted ? null : "451 4.3.0 Not yet",
        });

        var reply = await SendAsync(relay, "someone@dest.test");
        var id = reply.Split(' ').Last();

        var output = new StringWriter();
        var settings = relay.Services.GetRequiredService<LoadedSettings>();
        var code = await QueueCommands.RunAsync("show", CliArguments.Parse(["queue", "show", id]), settings, TimeProvider.System, output, CancellationToken.None);
        Assert.That(code, Is.Zero, $"'queue show {id}' (the id from '{reply}'): {output}");
        Assert.That(output.ToString(), Does.Contain($"id:          {id}").And.Contain("account:     shop"));

        release.SetResult();
        Assert.That(relay.Services.GetRequiredService<DeliveryScheduler>().RetryNow(id), Is.True, "the scheduler knows the message by the same id");
        var delivered = (await SinkWait.ForDeliveredAsync(relay.Sink, 1, DeliveryLimit)).Single();
        using var message = MimeMessage.Load(new MemoryStream(delivered.Data));
        Assert.That(message.Headers[HeaderId.Received], Does.Contain($" id {id};"));
    }

    private async Task<RelayUnderTest> StartAsync(SmtpSinkOptions sinkOptions)
    {
        var sink = SmtpSink.Start(sinkOptions);
        try
        {
            _relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
            {
                ["Relay:Delivery:Mode"] = "Queue",
                ["Relay:Delivery:InitialRetryDelay"] = "00:00:00.200",
                ["Relay:Delivery:MaxRetryDelay"] = "00:00:01",
            });
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }

        _relay.AttachSink(sink);
        await _relay.AddAccountAsync("shop", Password);
        await _relay.AddDomainAsync("shop", "example.com");
        return _relay;
    }

    private static async Task<string> SendAsync(RelayUnderTest relay, params string[] recipients)
    {
        var text = $"From: Shop <news@example.com>\r\nTo: {string.Join(", ", recipients)}\r\nSubject: queued\r\n\r\nHello from the queue\r\n";
        using var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return await MailKitSubmission.SendForReplyAsync(relay, "shop", Password, message);
    }
}

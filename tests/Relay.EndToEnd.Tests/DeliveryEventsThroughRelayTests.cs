using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MimeKit;
using Microsoft.Extensions.DependencyInjection;
using Relay.Core.Suppression;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// SES-shaped delivery events at a real webhook, from a real Relay in queue mode whose next hop is scripted: a 550
/// gives Send then Bounce (and lists the address; the next message gives an OnAccountSuppressionList bounce without
/// trying it), a 451 then 250 gives DeliveryDelay then Delivery, and a webhook that is down gets every event once it
/// is back. Each POST carries an event id and an HMAC signature that checks out.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeliveryEventsThroughRelayTests
{
    private const string Password = "events password";
    private const string Secret = "webhook signing key for the tests";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private RelayUnderTest? _relay;
    private WebhookReceiver? _hook;

    [TearDown]
    public async Task StopAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (_hook is not null)
        {
            await _hook.DisposeAsync();
        }
    }

    [Test]
    public async Task A_550_gives_send_then_a_permanent_bounce_in_ses_shape_and_the_next_message_an_account_suppression_bounce()
    {
        var relay = await StartAsync(new SmtpSinkOptions { RcptReply = address => address == "gone@dest.test" ? "550 5.1.1 <gone@dest.test>: User unknown" : null });

        var id = await SendAsync(relay, "gone@dest.test");
        var events = await EventsAsync(2);

        var send = events.Single(e => e.GetProperty("eventType").GetString() == "Send");
        var bounce = events.Single(e => e.GetProperty("eventType").GetString() == "Bounce");
        var mail = bounce.GetProperty("mail");
        var recipient = bounce.GetProperty("bounce").GetProperty("bouncedRecipients").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(send.GetProperty("send").EnumerateObject(), Is.Empty);
            Assert.That(send.GetProperty("mail").GetProperty("messageId").GetString(), Is.EqualTo(id));
            Assert.That(mail.GetProperty("messageId").GetString(), Is.EqualTo(id), "the id of the 250");
            Assert.That(mail.GetProperty("source").GetString(), Is.EqualTo("news@example.com"));
            Assert.That(mail.GetProperty("destination").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "gone@dest.test" }));
            Assert.That(mail.GetProperty("commonHeaders").GetProperty("subject").GetString(), Is.EqualTo("events"));
            Assert.That(mail.GetProperty("commonHeaders").GetProperty("from").EnumerateArray().Single().GetString(), Is.EqualTo("\"Shop\" <news@example.com>"));
            Assert.That(mail.GetProperty("headers").EnumerateArray().Select(h => h.GetProperty("name").GetString()), Does.Contain("DKIM-Signature").And.Contain("Subject"));
            Assert.That(mail.GetProperty("headersTruncated").GetBoolean(), Is.False);
            Assert.That(mail.GetProperty("tags").GetProperty("ses:from-domain").EnumerateArray().Single().GetString(), Is.EqualTo("example.com"));
            Assert.That(DateTimeOffset.Parse(mail.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(bounce.GetProperty("bounce").GetProperty("bounceType").GetString(), Is.EqualTo("Permanent"));
            Assert.That(bounce.GetProperty("bounce").GetProperty("bounceSubType").GetString(), Is.EqualTo("General"));
            Assert.That(bounce.GetProperty("bounce").GetProperty("feedbackId").GetString(), Is.Not.Empty);
            Assert.That(bounce.GetProperty("bounce").GetProperty("reportingMTA").GetString(), Does.StartWith("dns; "));
            Assert.That(recipient.GetProperty("emailAddress").GetString(), Is.EqualTo("gone@dest.test"));
            Assert.That(recipient.GetProperty("action").GetString(), Is.EqualTo("failed"));
            Assert.That(recipient.GetProperty("status").GetString(), Is.EqualTo("5.1.1"));
            Assert.That(recipient.GetProperty("diagnosticCode").GetString(), Is.EqualTo("smtp; 550 5.1.1 <gone@dest.test>: User unknown"));
        });
        var listed = await relay.Services.GetRequiredService<SuppressionList>().FindAsync("shop", "gone@dest.test", CancellationToken.None);
        Assert.That(listed?.Reason, Is.EqualTo(SuppressionReason.Bounce));

        await SendAsync(relay, "gone@dest.test");
        var suppressed = (await EventsAsync(4)).Last(e => e.GetProperty("eventType").GetString() == "Bounce").GetProperty("bounce");
        Assert.That(suppressed.GetProperty("bounceSubType").GetString(), Is.EqualTo("OnAccountSuppressionList"));
        Assert.That(suppressed.GetProperty("bounceType").GetString(), Is.EqualTo("Permanent"));
        Assert.That(relay.Sink.Sessions.SelectMany(s => s.Commands).Count(c => c.Contains("gone@dest.test", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1),
            "the second message was not offered to the next hop");
    }

    [Test]
    public async Task A_451_then_250_gives_delivery_delay_then_delivery()
    {
        var calls = 0;
        var relay = await StartAsync(new SmtpSinkOptions { RcptReply = _ => Interlocked.Increment(ref calls) == 1 ? "451 4.2.1 Mailbox busy, try later" : null });

        await SendAsync(relay, "later@dest.test");
        var events = await EventsAsync(3);

        Assert.That(events.Select(e => e.GetProperty("eventType").GetString()), Is.EqualTo(new[] { "Send", "DeliveryDelay", "Delivery" }));
        var delay = events[1].GetProperty("deliveryDelay");
        var delivery = events[2].GetProperty("delivery");
        Assert.Multiple(() =>
        {
            Assert.That(delay.GetProperty("delayType").GetString(), Is.EqualTo("RecipientServerError"));
            Assert.That(delay.GetProperty("delayedRecipients").EnumerateArray().Single().GetProperty("status").GetString(), Is.EqualTo("4.2.1"));
            Assert.That(DateTimeOffset.Parse(delay.GetProperty("expirationTime").GetString()!, CultureInfo.InvariantCulture),
                Is.GreaterThan(DateTimeOffset.UtcNow.AddDays(4)), "created + Relay:Delivery:MaxAge (5 days)");
            Assert.That(delivery.GetProperty("recipients").EnumerateArray().Single().GetString(), Is.EqualTo("later@dest.test"));
            Assert.That(delivery.GetProperty("smtpResponse").GetString(), Does.StartWith("250"));
            Assert.That(delivery.GetProperty("processingTimeMillis").GetInt64(), Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task A_webhook_that_is_down_gets_every_event_once_it_is_back_each_signed()
    {
        _hook = WebhookReceiver.Start();
        _hook.StatusCode = HttpStatusCode.ServiceUnavailable;
        var relay = await StartAsync(new SmtpSinkOptions());
        for (var message = 0; message < 5; message++)
        {
            await SendAsync(relay, $"r{message}@dest.test");
        }

        await SinkWait.ForDeliveredAsync(relay.Sink, 5, Limit);
        await WaitUntilAsync(() => _hook.Requests.Count >= 3, "the webhook was tried while down");
        _hook.StatusCode = HttpStatusCode.NoContent;

        var taken = await TakenAsync(10);
        Assert.That(taken.Select(r => r.Headers["X-Relay-Event-Id"]).Distinct().Count(), Is.EqualTo(10), "5 Send and 5 Delivery, each taken once");
        Assert.That(taken.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("eventType").GetString()).Order(),
            Is.EqualTo(Enumerable.Repeat("Delivery", 5).Concat(Enumerable.Repeat("Send", 5))));
        foreach (var request in taken)
        {
            Assert.That(SignatureIsValid(request), Is.True, request.Headers["X-Relay-Signature"]);
        }

        var metrics = new StringWriter();
        await relay.Services.GetRequiredService<Relay.Metrics.PrometheusMeterExporter>().WriteAsync(metrics, CancellationToken.None);
        var lines = metrics.ToString().Split('\n');
        Assert.That(lines, Does.Contain("relay_events_total{type=\"Send\"} 5").And.Contain("relay_events_total{type=\"Delivery\"} 5"));
        Assert.That(lines, Does.Contain("relay_event_outbox_events{webhook=\"ops\"} 0"), "all taken");
        var failures = lines.Single(line => line.StartsWith("relay_event_webhook_failures_total{webhook=\"ops\"} ", StringComparison.Ordinal));
        Assert.That(double.Parse(failures.Split(' ')[1], CultureInfo.InvariantCulture), Is.EqualTo(_hook.Requests.Count(r => r.AnsweredWith == 503)));
    }

    private async Task<RelayUnderTest> StartAsync(SmtpSinkOptions sinkOptions)
    {
        _hook ??= WebhookReceiver.Start();
        var sink = SmtpSink.Start(sinkOptions);
        try
        {
            _relay = await RelayUnderTest.StartAsync(sink.Port, new Dictionary<string, string?>
            {
                ["Relay:Delivery:Mode"] = "Queue",
                ["Relay:Delivery:InitialRetryDelay"] = "00:00:00.200",
                ["Relay:Delivery:MaxRetryDelay"] = "00:00:01",
                ["Relay:Accounts:0:Name"] = "shop",
                ["Relay:Accounts:0:SmtpUserName"] = "shop",
                ["Relay:Accounts:0:SmtpPassword"] = Password,
                ["Relay:Events:Webhooks:0:Name"] = "ops",
                ["Relay:Events:Webhooks:0:Account"] = "shop",
                ["Relay:Events:Webhooks:0:Url"] = _hook.Url.ToString(),
                ["Relay:Events:Webhooks:0:Secret"] = Secret,
                ["Relay:Events:FirstRetryDelay"] = "00:00:00.200",
                ["Relay:Events:MaxRetryDelay"] = "00:00:01",
            });
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }

        _relay.AttachSink(sink);
        await _relay.AddDomainAsync("shop", "example.com");
        return _relay;
    }

    private static async Task<string> SendAsync(RelayUnderTest relay, string recipient)
    {
        var text = $"From: Shop <news@example.com>\r\nTo: {recipient}\r\nSubject: events\r\n\r\nHello.\r\n";
        using var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        return (await MailKitSubmission.SendForReplyAsync(relay, "shop", Password, message)).Split(' ').Last();
    }

    /// <summary>The first <paramref name="count"/> events the webhook took (answered 2xx), in the order they came.</summary>
    private async Task<List<JsonElement>> EventsAsync(int count) =>
        (await TakenAsync(count)).Take(count).Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToList();

    private async Task<List<WebhookRequest>> TakenAsync(int count)
    {
        await WaitUntilAsync(() => Taken().Count >= count, $"{count} events at the webhook");
        return Taken();
    }

    private List<WebhookRequest> Taken() => _hook!.Requests.Where(r => r.AnsweredWith is >= 200 and < 300).ToList();

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(Limit), $"waited {Limit} for {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>A receiver's check of <c>X-Relay-Signature: t=…,v1=…</c>: HMAC-SHA256 of "t.body" with the shared key.</summary>
    private static bool SignatureIsValid(WebhookRequest request)
    {
        var parts = request.Headers["X-Relay-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts["t"] + "." + request.Body));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }
}

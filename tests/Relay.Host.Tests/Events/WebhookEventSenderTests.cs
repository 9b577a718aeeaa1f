using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Configuration;
using Relay.Delivery.Events;
using Relay.Events;
using Relay.Testing;

namespace Relay.Host.Tests.Events;

/// <summary>The sender against a real HTTP receiver: events kept before a restart go out, in order, and each leaves the outbox only once taken.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WebhookEventSenderTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("relay-outbox-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Events_kept_by_an_earlier_run_are_sent_in_order_and_leave_the_outbox_once_taken()
    {
        await using var receiver = WebhookReceiver.Start();
        receiver.StatusCode = HttpStatusCode.InternalServerError;
        var hook = new EventWebhook("ops", "shop", null, new HashSet<DeliveryEventKind>(Enum.GetValues<DeliveryEventKind>()), receiver.Url, "key"u8.ToArray());
        var earlier = new EventOutbox(_folder);
        var ids = new List<string>();
        for (var index = 0; index < 3; index++)
        {
            var id = earlier.NewId(TimeProvider.System);
            ids.Add(id);
            await earlier.AddAsync("ops", id, System.Text.Encoding.UTF8.GetBytes($"{{\"eventType\":\"Send\",\"n\":{index}}}"), CancellationToken.None);
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var outbox = new EventOutbox(_folder);
        var settings = new EventSettings { FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(100) };
        using var http = new HttpClient();
        using var sender = new WebhookEventSender([hook], outbox, new EventSignals([hook]), settings, http, TimeProvider.System,
            new EventInstruments(services.GetRequiredService<IMeterFactory>(), outbox, [hook]), NullLogger<WebhookEventSender>.Instance);
        await sender.StartAsync(CancellationToken.None);

        await WaitAsync(() => receiver.Requests.Count >= 2);
        Assert.That(outbox.Pending("ops"), Is.EqualTo(ids), "nothing leaves the outbox while the webhook fails");
        receiver.StatusCode = HttpStatusCode.NoContent;
        await WaitAsync(() => outbox.Pending("ops").Count == 0);
        await sender.StopAsync(CancellationToken.None);

        var taken = receiver.Requests.Where(r => r.AnsweredWith == 204).Select(r => r.Headers["X-Relay-Event-Id"]).ToList();
        Assert.That(taken, Is.EqualTo(ids), "each once, oldest first");
        Assert.That(receiver.Requests.Where(r => r.AnsweredWith == 500).Select(r => r.Headers["X-Relay-Event-Id"]).Distinct(), Is.EqualTo(new[] { ids[0] }),
            "while failing it retries the oldest, not the others");
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "timed out");
            await Task.Delay(20);
        }
    }
}

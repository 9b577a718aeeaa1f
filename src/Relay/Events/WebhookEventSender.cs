using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Delivery.Events;

namespace Relay.Events;

/// <summary>
/// POSTs each webhook's events from the outbox, oldest first, and deletes each once the webhook answers 2xx; on any
/// other answer or none, waits (doubling from FirstRetryDelay to MaxRetryDelay) and tries the same event again, so
/// order is kept and nothing is lost while a webhook is down. Delivery is at least once: a receiver deduplicates by
/// <c>X-Relay-Event-Id</c>. An event older than MaxAge is dropped with an error.
/// </summary>
internal sealed partial class WebhookEventSender(
    IReadOnlyList<EventWebhook> webhooks, EventOutbox outbox, EventSignals signals, EventSettings settings, HttpClient http,
    TimeProvider time, EventInstruments instruments, ILogger<WebhookEventSender> logger) : BackgroundService
{
    // Events kept by an earlier run, or whose signal came while a POST was in flight, are found by this re-read.
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(webhooks.Select(hook => RunAsync(hook, stoppingToken)));

    private async Task RunAsync(EventWebhook hook, CancellationToken stoppingToken)
    {
        var delay = settings.FirstRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = outbox.Pending(hook.Name);
                if (pending.Count == 0)
                {
                    await signals.WaitAsync(hook.Name, IdlePoll, stoppingToken);
                    continue;
                }

                foreach (var id in pending)
                {
                    if (!await SendAsync(hook, id, stoppingToken))
                    {
                        await Task.Delay(delay, time, stoppingToken);
                        delay = delay * 2 < settings.MaxRetryDelay ? delay * 2 : settings.MaxRetryDelay;
                        break;
                    }

                    delay = settings.FirstRetryDelay;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>True when the event is done with (taken, or dropped as too old); false to try it again later.</summary>
    private async Task<bool> SendAsync(EventWebhook hook, string id, CancellationToken stoppingToken)
    {
        var path = outbox.PathOf(hook.Name, id);
        var age = time.GetUtcNow() - File.GetLastWriteTimeUtc(path);
        if (age > settings.MaxAge)
        {
            LogDropped(hook.Name, id, age);
            outbox.Delete(hook.Name, id);
            return true;
        }

        var body = await outbox.ReadAsync(hook.Name, id, stoppingToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Relay-Event-Id", id);
        request.Headers.Add("X-Relay-Signature", EventSignature.For(hook.Secret, body, time.GetUtcNow()));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                outbox.Delete(hook.Name, id);
                return true;
            }

            LogFailed(hook.Name, id, $"HTTP {(int)response.StatusCode}");
            instruments.Failed(hook.Name);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            LogFailed(hook.Name, id, ex is OperationCanceledException ? $"no answer within {settings.Timeout}" : ex.Message);
            instruments.Failed(hook.Name);
        }

        return false;
    }

    [LoggerMessage(EventId = 9122, Level = LogLevel.Warning, Message = "Event webhook {Webhook}: event {EventId} not taken ({Reason}); it is kept and sent again")]
    private partial void LogFailed(string webhook, string eventId, string reason);

    [LoggerMessage(EventId = 9123, Level = LogLevel.Error, Message = "Event webhook {Webhook}: event {EventId} dropped after {Age} untaken (Relay:Events:MaxAge)")]
    private partial void LogDropped(string webhook, string eventId, TimeSpan age);
}

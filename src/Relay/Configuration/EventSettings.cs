namespace Relay.Configuration;

/// <summary>Delivery events in SES's JSON shape (<c>Relay:Events</c>), POSTed to webhooks from a durable outbox.</summary>
public sealed class EventSettings
{
    public List<EventWebhookSettings> Webhooks { get; set; } = [];

    /// <summary>How long one POST may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait after a failed POST; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An event a webhook has not taken for this long is dropped, with an error in the log.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);
}

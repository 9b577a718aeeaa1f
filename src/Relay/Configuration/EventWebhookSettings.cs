namespace Relay.Configuration;

/// <summary>One webhook (<c>Relay:Events:Webhooks:N</c>): whose events, which, where, and the key that signs them.</summary>
public sealed class EventWebhookSettings
{
    /// <summary>Letters, digits, '-' and '_': names the webhook in logs and its outbox folder.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The account (by name) whose messages' events are sent.</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>Only messages sent with this configuration set; empty: all of the account's.</summary>
    public string ConfigurationSet { get; set; } = string.Empty;

    /// <summary>Send, Delivery, Bounce, DeliveryDelay; empty: all.</summary>
    public List<string> EventTypes { get; set; } = [];

    public string Url { get; set; } = string.Empty;

    /// <summary>The HMAC-SHA256 key of the X-Relay-Signature header (prefer <see cref="SecretFile"/>).</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>A file whose first line is the key.</summary>
    public string SecretFile { get; set; } = string.Empty;
}

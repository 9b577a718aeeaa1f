namespace Relay.Configuration;

/// <summary>Who hears about identity status changes (<c>Relay:Notifications</c>); every change is logged regardless.</summary>
public sealed class NotificationSettings
{
    /// <summary>Mail each change to the account's contact address, when it has one.</summary>
    public bool EmailContacts { get; set; } = true;

    /// <summary>The From of Relay's own messages. Empty: <c>no-reply@&lt;provider domain&gt;</c>.</summary>
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>A URL that receives each change as a JSON POST. Empty: none.</summary>
    public string WebhookUrl { get; set; } = string.Empty;

    /// <summary>How long a webhook call may take.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

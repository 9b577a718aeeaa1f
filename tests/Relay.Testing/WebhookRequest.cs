namespace Relay.Testing;

/// <summary>A request the test webhook received: its header fields (last value of each) and the status it was answered with.</summary>
public sealed record WebhookRequest(string Method, string Path, string? ContentType, string Body)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The status code the receiver answered (or would have, when it hung).</summary>
    public int AnsweredWith { get; init; }
}

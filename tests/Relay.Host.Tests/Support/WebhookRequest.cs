namespace Relay.Host.Tests.Support;

/// <summary>A request the test webhook received.</summary>
internal sealed record WebhookRequest(string Method, string Path, string? ContentType, string Body);

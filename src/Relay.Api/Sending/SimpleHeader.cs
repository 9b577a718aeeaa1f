namespace Relay.Api.Sending;

/// <summary>A header field SESv2 SendEmail adds to a Simple message (<c>Content.Simple.Headers[]</c>), as given.</summary>
internal sealed record SimpleHeader(string Name, string Value);

namespace Relay.Api.Sending;

/// <summary>A text field of SendEmail (subject or body) and its charset; UTF-8 when none is given.</summary>
internal sealed record TextContent(string Data, string? Charset);

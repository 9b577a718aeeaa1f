namespace Relay.Api.Sending;

/// <summary>What SendEmail (v1, and v2 with Simple content) describes; Relay builds the MIME message from it.</summary>
/// <param name="From">The From address, possibly with a display name (<c>Shop &lt;news@example.com&gt;</c>).</param>
/// <param name="To">To addresses (header and envelope).</param>
/// <param name="Cc">Cc addresses (header and envelope).</param>
/// <param name="Bcc">Bcc addresses (envelope only).</param>
/// <param name="ReplyTo">Reply-To addresses.</param>
/// <param name="ReturnPath">The envelope sender for bounces; the From address when null.</param>
/// <param name="Subject">The subject and its charset.</param>
/// <param name="Text">The text/plain body, if any.</param>
/// <param name="Html">The text/html body, if any.</param>
/// <param name="Headers">SESv2's custom header fields (<c>Content.Simple.Headers</c>); none when null.</param>
/// <param name="Attachments">SESv2's attachments (<c>Content.Simple.Attachments</c>); none when null.</param>
internal sealed record SimpleEmail(
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Bcc,
    IReadOnlyList<string> ReplyTo,
    string? ReturnPath,
    TextContent Subject,
    TextContent? Text,
    TextContent? Html,
    IReadOnlyList<SimpleHeader>? Headers = null,
    IReadOnlyList<SimpleAttachment>? Attachments = null);

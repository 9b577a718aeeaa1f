using MimeKit;

namespace Relay.Api.Sending;

/// <summary>An attachment of a SESv2 Simple message (<c>Content.Simple.Attachments[]</c>), its fields as in the SES v2 model.</summary>
/// <param name="FileName">The file name shown to the recipient (required).</param>
/// <param name="Content">The decoded bytes (<c>RawContent</c>).</param>
/// <param name="ContentType">The MIME type given, or null to take it from the file name's extension.</param>
/// <param name="Inline"><c>ContentDisposition</c> INLINE (else ATTACHMENT, the default).</param>
/// <param name="ContentId">The Content-ID an HTML body refers to with <c>cid:</c>, with or without angle brackets.</param>
/// <param name="Description">The Content-Description.</param>
/// <param name="TransferEncoding">BASE64 (the default), QUOTED_PRINTABLE or SEVEN_BIT.</param>
internal sealed record SimpleAttachment(
    string FileName,
    byte[] Content,
    string? ContentType = null,
    bool Inline = false,
    string? ContentId = null,
    string? Description = null,
    ContentEncoding TransferEncoding = ContentEncoding.Base64);

using MimeKit;
using Relay.Api.Sending;

namespace Relay.Api.Rest.Actions;

/// <summary>Reads SESv2 <c>Content.Simple.Headers</c> and <c>Content.Simple.Attachments</c> (shapes MessageHeader and Attachment).</summary>
internal static class SimpleContentJson
{
    public static IReadOnlyList<SimpleHeader> Headers(JsonBody simple)
    {
        ArgumentNullException.ThrowIfNull(simple);
        // Name and Value are required; an empty one is left for SimpleHeaders to refuse with the limits.
        return (simple.OptionalObjectList("Headers") ?? [])
            .Select(header => new SimpleHeader(Required(header, "Name"), Required(header, "Value")))
            .ToList();
    }

    public static IReadOnlyList<SimpleAttachment> Attachments(JsonBody simple)
    {
        ArgumentNullException.ThrowIfNull(simple);
        return (simple.OptionalObjectList("Attachments") ?? []).Select(Attachment).ToList();
    }

    private static SimpleAttachment Attachment(JsonBody attachment) => new(
        attachment.RequiredString("FileName"),
        attachment.RequiredBlob("RawContent"),
        attachment.OptionalString("ContentType"),
        Inline: attachment.OptionalEnum("ContentDisposition", "ATTACHMENT", "INLINE") == "INLINE",
        attachment.OptionalString("ContentId"),
        attachment.OptionalString("ContentDescription"),
        attachment.OptionalEnum("ContentTransferEncoding", "BASE64", "QUOTED_PRINTABLE", "SEVEN_BIT") switch
        {
            "QUOTED_PRINTABLE" => ContentEncoding.QuotedPrintable,
            "SEVEN_BIT" => ContentEncoding.SevenBit,
            _ => ContentEncoding.Base64,
        });

    private static string Required(JsonBody header, string name) =>
        header.OptionalString(name) ?? header.RequiredString(name);
}

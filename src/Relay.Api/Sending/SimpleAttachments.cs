using System.Collections.Frozen;
using System.Globalization;
using MimeKit;
using Relay.Api.Errors;

namespace Relay.Api.Sending;

/// <summary>
/// Puts a Simple message's attachments around its body: an INLINE part with a ContentId goes with the HTML into
/// multipart/related (HTML first, its root), everything else after the body in multipart/mixed. Each part keeps the
/// transfer encoding asked for, so this runs after the body has been prepared for 7-bit.
/// </summary>
internal static class SimpleAttachments
{
    public const int MaxFileNameLength = 255;
    public const int MaxContentTypeLength = 78;
    public const int MaxContentIdLength = 78;
    public const int MaxDescriptionLength = 1000;
    private const int MaxSevenBitLine = 998;

    /// <summary>
    /// The file extensions SES refuses in attachments (SES developer guide, "Amazon SES unsupported attachment types",
    /// to which the model's Attachment.FileName points).
    /// </summary>
    public static readonly FrozenSet<string> UnsupportedExtensions = new[]
    {
        ".ade", ".adp", ".app", ".asp", ".bas", ".bat", ".cer", ".chm", ".cmd", ".com", ".cpl", ".crt", ".csh", ".der",
        ".exe", ".fxp", ".gadget", ".hlp", ".hta", ".inf", ".ins", ".isp", ".its", ".js", ".jse", ".ksh", ".lib", ".lnk",
        ".mad", ".maf", ".mag", ".mam", ".maq", ".mar", ".mas", ".mat", ".mau", ".mav", ".maw", ".mda", ".mdb", ".mde",
        ".mdt", ".mdw", ".mdz", ".msc", ".msh", ".msh1", ".msh2", ".mshxml", ".msh1xml", ".msh2xml", ".msi", ".msp", ".mst",
        ".ops", ".pcd", ".pif", ".plg", ".prf", ".prg", ".reg", ".scf", ".scr", ".sct", ".shb", ".shs", ".sys", ".ps1",
        ".ps1xml", ".ps2", ".ps2xml", ".psc1", ".psc2", ".tmp", ".url", ".vb", ".vbe", ".vbs", ".vps", ".vsmacros", ".vss",
        ".vst", ".vsw", ".vxd", ".ws", ".wsc", ".wsf", ".wsh", ".xnk",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static MimeEntity AddTo(MimeEntity body, IReadOnlyList<SimpleAttachment> attachments)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(attachments);
        if (attachments.Count == 0)
        {
            return body;
        }

        var parts = attachments.Select((attachment, index) => (Attachment: attachment, Part: Part(attachment, index + 1))).ToList();
        var related = parts.Where(p => p.Attachment is { Inline: true, ContentId: not null }).Select(p => p.Part).ToList();
        if (related.Count > 0 && WithRelated(body, related) is { } withRelated)
        {
            body = withRelated;
            parts.RemoveAll(p => related.Contains(p.Part));
        }

        if (parts.Count == 0)
        {
            return body;
        }

        var mixed = new Multipart("mixed") { body };
        foreach (var (_, part) in parts)
        {
            mixed.Add(part);
        }

        return mixed;
    }

    /// <summary>The body with its HTML part replaced by multipart/related [HTML, inline parts]; null when it has no HTML.</summary>
    private static MimeEntity? WithRelated(MimeEntity body, IReadOnlyList<MimePart> inline)
    {
        MultipartRelated Related(MimeEntity html)
        {
            var related = new MultipartRelated { Root = html };
            foreach (var part in inline)
            {
                related.Add(part);
            }

            return related;
        }

        switch (body)
        {
            case TextPart { IsHtml: true } html:
                return Related(html);
            case MultipartAlternative alternative when alternative.OfType<TextPart>().LastOrDefault(p => p.IsHtml) is { } html:
                alternative[alternative.IndexOf(html)] = Related(html);
                return alternative;
            default:
                return null;
        }
    }

    private static MimePart Part(SimpleAttachment attachment, int number)
    {
        var fileName = attachment.FileName;
        if (fileName.Length is 0 or > MaxFileNameLength || fileName.Any(char.IsControl))
        {
            throw Refuse(number, string.Create(CultureInfo.InvariantCulture,
                $"FileName must be 1 to {MaxFileNameLength} characters without control characters."));
        }

        if (UnsupportedExtensions.Contains(Path.GetExtension(fileName)))
        {
            throw Refuse(number, $"FileName '{fileName}': SES does not accept attachments of type '{Path.GetExtension(fileName)}'.");
        }

        var part = new MimePart(Type(attachment, number))
        {
            Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
            ContentTransferEncoding = Encoding(attachment, number),
            ContentDisposition = new ContentDisposition(attachment.Inline ? ContentDisposition.Inline : ContentDisposition.Attachment) { FileName = fileName },
        };
        if (attachment.ContentId is { } contentId)
        {
            part.Headers.Replace(HeaderId.ContentId, "<" + Id(contentId, number) + ">");
        }

        if (attachment.Description is { } description)
        {
            if (description.Length > MaxDescriptionLength || description.Any(char.IsControl))
            {
                throw Refuse(number, string.Create(CultureInfo.InvariantCulture,
                    $"ContentDescription must be at most {MaxDescriptionLength} characters without control characters."));
            }

            part.ContentDescription = description;
        }

        return part;
    }

    private static ContentType Type(SimpleAttachment attachment, int number)
    {
        if (attachment.ContentType is not { } text)
        {
            return ContentType.Parse(MimeTypes.GetMimeType(attachment.FileName));
        }

        return text.Length <= MaxContentTypeLength && !text.Any(char.IsControl) && ContentType.TryParse(ParserOptions.Default, text, out var type)
            ? type
            : throw Refuse(number, $"ContentType '{text}' is not a MIME type (type/subtype, at most {MaxContentTypeLength} characters).");
    }

    private static ContentEncoding Encoding(SimpleAttachment attachment, int number)
    {
        var encoding = attachment.TransferEncoding;
        if (encoding is not (ContentEncoding.Base64 or ContentEncoding.QuotedPrintable or ContentEncoding.SevenBit))
        {
            throw new ArgumentException($"Unsupported transfer encoding {encoding}.", nameof(attachment));
        }

        if (encoding == ContentEncoding.SevenBit && !IsSevenBitData(attachment.Content))
        {
            throw Refuse(number, $"SEVEN_BIT content must be 7-bit text: octets 1 to 127, CR only before LF, LF only after CR, lines of at most {MaxSevenBitLine} octets.");
        }

        return encoding;
    }

    /// <summary>RFC 5322/2045 "7bit data": what can go on the wire as it is and come back byte for byte.</summary>
    private static bool IsSevenBitData(ReadOnlySpan<byte> content)
    {
        var line = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var octet = content[i];
            if (octet is 0 or >= 0x80)
            {
                return false;
            }

            if (octet == (byte)'\r')
            {
                if (i + 1 >= content.Length || content[i + 1] != (byte)'\n')
                {
                    return false;
                }

                i++;
                line = 0;
            }
            else if (octet == (byte)'\n' || ++line > MaxSevenBitLine)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The id inside the angle brackets of Content-ID: printable ASCII without brackets; one pair given is taken off.</summary>
    private static string Id(string contentId, int number)
    {
        var id = contentId is ['<', .. var inner, '>'] ? inner : contentId;
        return contentId.Length <= MaxContentIdLength && id.Length > 0 && id.All(c => c is >= '!' and <= '~' and not '<' and not '>')
            ? id
            : throw Refuse(number, string.Create(CultureInfo.InvariantCulture,
                $"ContentId '{contentId}' must be 1 to {MaxContentIdLength} printable ASCII characters without spaces or angle brackets inside."));
    }

    private static ApiException Refuse(int number, string message) =>
        new(SesErrors.InvalidParameterValue(string.Create(CultureInfo.InvariantCulture, $"Attachment {number}: {message}")));
}

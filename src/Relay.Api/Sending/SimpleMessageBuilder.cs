using System.Text;
using MimeKit;
using Relay.Api.Errors;
using Relay.Core.Ingestion;

namespace Relay.Api.Sending;

/// <summary>
/// Builds the MIME message for SendEmail: From, To, Cc, Reply-To, Subject, Date, Message-ID, and a text/plain,
/// text/html or multipart/alternative body, every part given a 7-bit transfer encoding. Bcc recipients are only in
/// the envelope. Written with CRLF line ends, the one wire format of the ingestion path.
/// </summary>
internal sealed class SimpleMessageBuilder(TimeProvider timeProvider, ProviderSignature provider)
{
    /// <summary>Builds the message whose Message-ID is <c>&lt;<paramref name="messageId"/>@provider domain&gt;</c>, as SES's is under its own domain.</summary>
    public byte[] Build(SimpleEmail email, string messageId)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = new MimeMessage();
        var from = Addresses.Parse(email.From, "Source");
        message.From.Add(from);
        message.To.AddRange(Addresses.ParseAll(email.To, "ToAddresses"));
        message.Cc.AddRange(Addresses.ParseAll(email.Cc, "CcAddresses"));
        message.ReplyTo.AddRange(Addresses.ParseAll(email.ReplyTo, "ReplyToAddresses"));
        message.Headers.Replace(HeaderId.Subject, EncodingOf(email.Subject.Charset, "Subject"), email.Subject.Data);
        message.Date = timeProvider.GetUtcNow();
        message.MessageId = $"{messageId}@{provider.Spec.Domain}";
        message.Body = Body(email);
        message.Prepare(EncodingConstraint.SevenBit);
        // SESv2's custom headers, then its attachments around the prepared body: each attachment keeps the transfer
        // encoding asked for (Prepare would turn a SEVEN_BIT part with long lines into quoted-printable).
        SimpleHeaders.AddTo(message.Headers, email.Headers ?? []);
        message.Body = SimpleAttachments.AddTo(message.Body, email.Attachments ?? []);

        using var output = new MemoryStream();
        message.WriteTo(WireFormat.CreateOptions(), output);
        return output.ToArray();
    }

    private static MimeEntity Body(SimpleEmail email)
    {
        var text = email.Text is { } plain ? Part("plain", plain, "Message.Body.Text") : null;
        var html = email.Html is { } markup ? Part("html", markup, "Message.Body.Html") : null;
        return (text, html) switch
        {
            ({ } t, { } h) => new MultipartAlternative { t, h },
            ({ } t, null) => t,
            (null, { } h) => h,
            _ => throw new ApiException(SesErrors.InvalidParameterValue("The message must have a text or an HTML body.")),
        };
    }

    private static TextPart Part(string subtype, TextContent content, string parameter)
    {
        var part = new TextPart(subtype);
        part.SetText(EncodingOf(content.Charset, parameter + ".Charset"), content.Data);
        return part;
    }

    private static Encoding EncodingOf(string? charset, string parameter)
    {
        if (string.IsNullOrEmpty(charset))
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            throw new ApiException(SesErrors.InvalidParameterValue($"{parameter}: unknown charset '{charset}'."));
        }
    }
}

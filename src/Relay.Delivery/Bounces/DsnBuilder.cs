using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using Relay.Delivery.Spool;

namespace Relay.Delivery.Bounces;

/// <summary>
/// Builds RFC 3464 delivery status notifications: multipart/report; report-type=delivery-status with a
/// human-readable part, the message/delivery-status part (one group per failed recipient) and the returned
/// message's header (text/rfc822-headers). Composing is MimeKit's job here: this is a new message, signed after.
/// </summary>
public sealed class DsnBuilder
{
    /// <summary>More than any header section worth returning; the rest of a runaway header is cut.</summary>
    private const int MaxReturnedHeaderLength = 64 * 1024;

    private readonly BounceOptions _options;

    /// <summary>Builds notifications presented as <paramref name="options"/> say.</summary>
    public DsnBuilder(BounceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ReportingMta);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FromAddress);
        _options = options;
    }

    /// <summary>
    /// The notification to <paramref name="envelope"/>'s sender about <paramref name="failed"/>, quoting the header of
    /// <paramref name="originalContent"/>. Throws for the null sender: RFC 5321 6.1 forbids notifying it.
    /// </summary>
    public async Task<BounceMessage> BuildAsync(
        SpoolEnvelope envelope, IReadOnlyList<FailedRecipient> failed, Stream originalContent, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(originalContent);
        if (envelope.ReversePath.Length == 0)
        {
            throw new ArgumentException("No notification is ever sent to the null sender.", nameof(envelope));
        }

        if (failed.Count == 0)
        {
            throw new ArgumentException("A notification needs at least one failed recipient.", nameof(failed));
        }

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = HumanReadable(failed), ContentTransferEncoding = ContentEncoding.QuotedPrintable },
            StatusPart(envelope, failed),
            await ReturnedHeaderAsync(originalContent, cancellationToken),
        };
        using var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", _options.FromAddress));
        message.To.Add(new MailboxAddress(string.Empty, envelope.ReversePath));
        message.Subject = "Undelivered Mail Returned to Sender";
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(_options.ReportingMta);
        message.Headers.Add("Auto-Submitted", "auto-replied");
        message.Body = report;

        var format = WireFormat.ForComposing();
        using var output = new MemoryStream();
        await message.WriteToAsync(format, output, cancellationToken);
        return new BounceMessage(envelope.ReversePath, output.ToArray(), envelope.Id);
    }

    private string HumanReadable(IReadOnlyList<FailedRecipient> failed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This is the mail system at {_options.ReportingMta}.\r\n\r\n");
        text.Append("Your message could not be delivered to the following recipient(s):\r\n\r\n");
        foreach (var recipient in failed)
        {
            text.Append(CultureInfo.InvariantCulture, $"<{recipient.Address}>: {recipient.Diagnostic ?? recipient.Status}");
            text.Append(recipient.RemoteMta is null ? "\r\n" : $" (from {recipient.RemoteMta})\r\n");
        }

        text.Append("\r\nThe header of your message is attached.\r\n");
        return text.ToString();
    }

    /// <summary>
    /// The message/delivery-status body written out here (RFC 3464 section 2.1): the per-message fields, then one
    /// group per recipient, each group ended by an empty line.
    /// </summary>
    private MimePart StatusPart(SpoolEnvelope envelope, IReadOnlyList<FailedRecipient> failed)
    {
        var text = new StringBuilder();
        Field(text, "Reporting-MTA", "dns; " + _options.ReportingMta);
        Field(text, "X-Relay-Queue-ID", envelope.Id);
        Field(text, "Arrival-Date", DateUtils.FormatDate(envelope.CreatedAt));
        foreach (var recipient in failed)
        {
            text.Append("\r\n");
            Field(text, "Final-Recipient", "rfc822; " + recipient.Address);
            Field(text, "Action", "failed");
            Field(text, "Status", recipient.Status);
            if (recipient.RemoteMta is { } remote)
            {
                Field(text, "Remote-MTA", "dns; " + remote);
            }

            if (recipient.Diagnostic is { } diagnostic)
            {
                Field(text, "Diagnostic-Code", "smtp; " + diagnostic);
            }

            Field(text, "Last-Attempt-Date", DateUtils.FormatDate(recipient.LastAttemptAt));
        }

        // RFC 3464 fields are US-ASCII: anything else (an SMTPUTF8 address, a server's 8-bit text) becomes '?'.
        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        return new MimePart("message", "delivery-status")
        {
            Content = new MimeContent(new MemoryStream(bytes, writable: false)),
            ContentTransferEncoding = ContentEncoding.SevenBit,
        };
    }

    private static void Field(StringBuilder text, string name, string value) =>
        text.Append(name).Append(": ").Append(value).Append("\r\n");

    private static async Task<MimePart> ReturnedHeaderAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        var buffer = new byte[(int)Math.Min(content.Length, MaxReturnedHeaderLength)];
        var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var span = buffer.AsSpan(0, read);
        var end = span.IndexOf("\r\n\r\n"u8);
        var header = end >= 0 ? span[..(end + 2)].ToArray() : span.ToArray();

        // 8-bit header octets (SMTPUTF8 messages) travel base64 so that the notification itself stays 7-bit.
        var eightBit = header.Any(octet => octet > 0x7f);
        return new MimePart("text", "rfc822-headers")
        {
            Content = new MimeContent(new MemoryStream(header, writable: false)),
            ContentTransferEncoding = eightBit ? ContentEncoding.Base64 : ContentEncoding.SevenBit,
        };
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using MimeKit;
using Relay.Delivery.Events;
using Relay.Delivery;
using Relay.Delivery.Queue;

namespace Relay.Events;

/// <summary>
/// An event in the JSON shape of SES event publishing (<c>eventType</c>, <c>mail</c>, and <c>send</c>, <c>delivery</c>,
/// <c>bounce</c> or <c>deliveryDelay</c>), so that code written for SES's events reads it unchanged.
/// </summary>
internal static class SesEventJson
{
    /// <summary>SES truncates the headers it puts in <c>mail.headers</c>; so does Relay, past this many octets.</summary>
    public const int MaxHeaderOctets = 10 * 1024;

    public static JsonObject Build(DeliveryEvent deliveryEvent, HeaderList headers, string eventId, string reportingMta)
    {
        ArgumentNullException.ThrowIfNull(deliveryEvent);
        ArgumentNullException.ThrowIfNull(headers);
        var json = new JsonObject
        {
            ["eventType"] = deliveryEvent.Kind.ToString(),
            ["mail"] = Mail(deliveryEvent, headers),
        };
        var recipients = deliveryEvent.Recipients;
        switch (deliveryEvent.Kind)
        {
            case DeliveryEventKind.Send:
                json["send"] = new JsonObject();
                break;
            case DeliveryEventKind.Delivery:
                json["delivery"] = new JsonObject
                {
                    ["timestamp"] = Time(deliveryEvent.At),
                    ["processingTimeMillis"] = (long)(deliveryEvent.At - deliveryEvent.Envelope.CreatedAt).TotalMilliseconds,
                    ["recipients"] = Strings(recipients.Select(r => r.Address)),
                    ["smtpResponse"] = recipients[0].Result.Reply,
                    ["reportingMTA"] = reportingMta,
                };
                break;
            case DeliveryEventKind.Bounce:
                var permanent = deliveryEvent.Suppressed || recipients.Any(r => r.Result.Outcome == ForwardOutcome.PermanentFailure);
                json["bounce"] = new JsonObject
                {
                    ["feedbackId"] = eventId,
                    ["bounceType"] = permanent ? "Permanent" : "Transient",
                    ["bounceSubType"] = deliveryEvent.Suppressed ? "OnAccountSuppressionList" : "General",
                    ["bouncedRecipients"] = new JsonArray(recipients.Select(r => (JsonNode)new JsonObject
                    {
                        ["emailAddress"] = r.Address,
                        ["action"] = "failed",
                        ["status"] = r.Result.EnhancedStatusCode,
                        ["diagnosticCode"] = "smtp; " + r.Result.Reply,
                    }).ToArray()),
                    ["timestamp"] = Time(deliveryEvent.At),
                    ["reportingMTA"] = "dns; " + reportingMta,
                };
                break;
            case DeliveryEventKind.DeliveryDelay:
                json["deliveryDelay"] = new JsonObject
                {
                    ["timestamp"] = Time(deliveryEvent.At),
                    ["delayType"] = DelayType(recipients[0].Result),
                    ["expirationTime"] = deliveryEvent.ExpiresAt is { } expires ? Time(expires) : null,
                    ["delayedRecipients"] = new JsonArray(recipients.Select(r => (JsonNode)new JsonObject
                    {
                        ["emailAddress"] = r.Address,
                        ["status"] = r.Result.EnhancedStatusCode,
                        ["diagnosticCode"] = "smtp; " + r.Result.Reply,
                    }).ToArray()),
                    ["reportingMTA"] = reportingMta,
                };
                break;
        }

        return json;
    }

    private static JsonObject Mail(DeliveryEvent deliveryEvent, HeaderList headers)
    {
        var envelope = deliveryEvent.Envelope;
        var (list, truncated) = HeaderArray(headers);
        var mail = new JsonObject
        {
            ["timestamp"] = Time(envelope.CreatedAt),
            ["source"] = envelope.ReversePath,
            ["sendingAccountId"] = envelope.AccountId,
            ["messageId"] = envelope.Id,
            ["destination"] = Strings(envelope.Recipients.Select(r => r.Address)),
            ["headersTruncated"] = truncated,
            ["headers"] = list,
            ["commonHeaders"] = CommonHeaders(headers),
            ["tags"] = Tags(deliveryEvent, headers),
        };
        return mail;
    }

    private static (JsonArray Headers, bool Truncated) HeaderArray(HeaderList headers)
    {
        var list = new JsonArray();
        var octets = 0;
        foreach (var header in headers)
        {
            var value = header.Value.Trim();
            octets += header.Field.Length + value.Length + 4;
            if (octets > MaxHeaderOctets)
            {
                return (list, true);
            }

            list.Add(new JsonObject { ["name"] = header.Field, ["value"] = value });
        }

        return (list, false);
    }

    private static JsonObject CommonHeaders(HeaderList headers)
    {
        var common = new JsonObject();
        void Addresses(string json, HeaderId id)
        {
            var values = headers.Where(h => h.Id == id).SelectMany(h => InternetAddressList.TryParse(h.Value, out var parsed)
                ? parsed.Select(address => address.ToString())
                : [h.Value.Trim()]).ToList();
            if (values.Count > 0)
            {
                common[json] = Strings(values);
            }
        }

        Addresses("from", HeaderId.From);
        Addresses("replyTo", HeaderId.ReplyTo);
        Addresses("to", HeaderId.To);
        Addresses("cc", HeaderId.Cc);
        if (headers[HeaderId.ReturnPath] is { } returnPath)
        {
            common["returnPath"] = returnPath.Trim().Trim('<', '>');
        }

        if (headers[HeaderId.MessageId] is { } messageId)
        {
            common["messageId"] = messageId.Trim();
        }

        if (headers[HeaderId.Date] is { } date)
        {
            common["date"] = date.Trim();
        }

        if (headers[HeaderId.Subject] is { } subject)
        {
            common["subject"] = subject.Trim();
        }

        return common;
    }

    private static JsonObject Tags(DeliveryEvent deliveryEvent, HeaderList headers)
    {
        var envelope = deliveryEvent.Envelope;
        var tags = new JsonObject();
        if (envelope.ConfigurationSetName is { } set)
        {
            tags["ses:configuration-set"] = Strings([set]);
        }

        if (headers[HeaderId.From] is { } from && InternetAddressList.TryParse(from, out var parsed)
            && parsed.Mailboxes.FirstOrDefault() is { } mailbox && mailbox.Domain.Length > 0)
        {
            tags["ses:from-domain"] = Strings([mailbox.Domain.ToLowerInvariant()]);
        }

        foreach (var tag in envelope.MessageTags)
        {
            tags[tag.Name] = Strings([tag.Value]);
        }

        return tags;
    }

    /// <summary>SES's delay types, as far as an SMTP reply tells them apart.</summary>
    private static string DelayType(RecipientResult result) => result switch
    {
        { EnhancedStatusCode: "4.2.2" } => "MailboxFull",
        { FromNextHop: true } => "RecipientServerError",
        { EnhancedStatusCode: var code } when code.StartsWith("4.4.", StringComparison.Ordinal) => "TransientCommunicationFailure",
        _ => "General",
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(value => (JsonNode)value).ToArray());
}

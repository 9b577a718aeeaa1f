using System.Xml.Linq;
using Relay.Api.Sending;

namespace Relay.Api.Query.Actions;

/// <summary>
/// SendEmail: Relay builds the message from Source, Destination, Message and ReplyToAddresses and sends it through
/// the ingestion path. ReturnPath becomes the envelope sender. The message's Message-ID is the MessageId returned,
/// under the provider domain; Tags and ConfigurationSetName are kept with the message (spool, log).
/// </summary>
internal sealed class SendEmailAction(SimpleMessageBuilder builder, ApiMessageSender sender) : IQueryAction
{
    public string Name => "SendEmail";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var p = call.Parameters;
        var email = new SimpleEmail(
            p.Required("Source"),
            p.List("Destination.ToAddresses"),
            p.List("Destination.CcAddresses"),
            p.List("Destination.BccAddresses"),
            p.List("ReplyToAddresses"),
            p.Optional("ReturnPath"),
            new TextContent(p.Optional("Message.Subject.Data") ?? string.Empty, p.Optional("Message.Subject.Charset")),
            Text(p, "Message.Body.Text"),
            Text(p, "Message.Body.Html"));
        var attributes = new ApiSendAttributes(sender.NewMessageId(), p.Optional("ConfigurationSetName"), ApiTags.FromQuery(p, "Tags"));
        var wire = builder.Build(email, attributes.MessageId!);
        var reversePath = Addresses.Parse(email.ReturnPath ?? email.From, email.ReturnPath is null ? "Source" : "ReturnPath").Address;
        var recipients = Addresses.ParseAll([.. email.To, .. email.Cc, .. email.Bcc], "Destination").Select(m => m.Address).ToList();
        var messageId = await sender.SendAsync(call.AccountId, reversePath, recipients, wire, attributes, cancellationToken);
        return [SesXml.Element("MessageId", messageId)];
    }

    private static TextContent? Text(QueryParameters p, string prefix) =>
        p.Optional(prefix + ".Data") is { } data ? new TextContent(data, p.Optional(prefix + ".Charset")) : null;
}

using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Sending;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// SendEmail (v2): Simple content (with its custom Headers and Attachments) is built into a MIME message, Raw content
/// is taken as it is; both go through the ingestion path. Templates and ListManagementOptions (contact lists) are refused. Simple content's Message-ID
/// is the MessageId returned, under the provider domain; EmailTags and ConfigurationSetName are kept with the
/// message (spool, log).
/// </summary>
internal sealed class SendEmailAction(SimpleMessageBuilder builder, ApiMessageSender sender) : IRestAction
{
    public string Name => "SendEmail";

    public string Method => "POST";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/outbound-emails"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var body = call.Body;
        var destination = body.OptionalObject("Destination");
        IReadOnlyList<string> to = destination?.StringList("ToAddresses") ?? [];
        IReadOnlyList<string> cc = destination?.StringList("CcAddresses") ?? [];
        IReadOnlyList<string> bcc = destination?.StringList("BccAddresses") ?? [];
        var content = body.OptionalObject("Content") ?? throw new ApiException(SesErrors.BadRequest("Content is required."));
        var from = body.OptionalString("FromEmailAddress");
        var tags = ApiTags.FromJson(body, "EmailTags");
        var configurationSet = body.OptionalString("ConfigurationSetName");
        if (body.OptionalObject("ListManagementOptions") is not null)
        {
            // SES would add List-Unsubscribe for one of its contact lists; answering 200 without it would drop it silently.
            throw new ApiException(SesErrors.BadRequest(
                "ListManagementOptions: Relay has no contact lists; give List-Unsubscribe and List-Unsubscribe-Post in Content.Simple.Headers."));
        }

        string messageId;
        if (content.OptionalObject("Raw") is { } raw)
        {
            messageId = await SendRawAsync(call, raw, from, [.. to, .. cc, .. bcc], new ApiSendAttributes(null, configurationSet, tags), cancellationToken);
        }
        else if (content.OptionalObject("Simple") is { } simple)
        {
            var email = new SimpleEmail(
                from ?? throw new ApiException(SesErrors.BadRequest("FromEmailAddress is required for Simple content.")),
                to, cc, bcc, body.StringList("ReplyToAddresses"), ReturnPath: null,
                Text(simple.OptionalObject("Subject")) ?? new TextContent(string.Empty, null),
                Text(simple.OptionalObject("Body")?.OptionalObject("Text")),
                Text(simple.OptionalObject("Body")?.OptionalObject("Html")),
                SimpleContentJson.Headers(simple),
                SimpleContentJson.Attachments(simple));
            var attributes = new ApiSendAttributes(sender.NewMessageId(), configurationSet, tags);
            var wire = builder.Build(email, attributes.MessageId!);
            var recipients = Addresses.ParseAll([.. to, .. cc, .. bcc], "Destination").Select(m => m.Address).ToList();
            messageId = await sender.SendAsync(call.AccountId, Addresses.Parse(email.From, "FromEmailAddress").Address, recipients, wire, attributes, cancellationToken);
        }
        else
        {
            throw new ApiException(SesErrors.BadRequest("Content must be Simple or Raw; templates are not supported."));
        }

        return new JsonObject { ["MessageId"] = messageId };
    }

    private async Task<string> SendRawAsync(
        RestCall call, JsonBody raw, string? from, IReadOnlyList<string> destinations, ApiSendAttributes attributes, CancellationToken cancellationToken)
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(raw.RequiredString("Data"));
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.BadRequest("Content.Raw.Data must be base64."));
        }

        var wire = RawMessage.ToWireFormat(data);
        var headers = RawMessage.Headers(wire);
        var source = from is not null ? Addresses.Parse(from, "FromEmailAddress").Address
            : RawMessage.Sender(headers) ?? throw new ApiException(SesErrors.BadRequest("The message names no sender: give FromEmailAddress or a From field."));
        var recipients = destinations.Count > 0
            ? Addresses.ParseAll(destinations, "Destination").Select(m => m.Address).ToList()
            : RawMessage.Recipients(headers);
        return await sender.SendAsync(call.AccountId, source, recipients, wire, attributes, cancellationToken);
    }

    private static TextContent? Text(JsonBody? content) =>
        content?.OptionalString("Data") is { } data ? new TextContent(data, content.OptionalString("Charset")) : null;
}

using System.Xml.Linq;
using Relay.Api.Errors;
using Relay.Api.Sending;

namespace Relay.Api.Query.Actions;

/// <summary>
/// SendRawEmail: the caller's message bytes (base64 <c>RawMessage.Data</c>) go through the ingestion path as they
/// are, line ends made CRLF. Source defaults to the Return-Path or From field, Destinations to To, Cc and Bcc.
/// </summary>
internal sealed class SendRawEmailAction(ApiMessageSender sender) : IQueryAction
{
    public string Name => "SendRawEmail";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var p = call.Parameters;
        byte[] data;
        try
        {
            data = Convert.FromBase64String(p.Required("RawMessage.Data"));
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("RawMessage.Data must be base64."));
        }

        var wire = RawMessage.ToWireFormat(data);
        var headers = RawMessage.Headers(wire);
        var source = p.Optional("Source") is { } given ? Addresses.Parse(given, "Source").Address
            : RawMessage.Sender(headers) ?? throw new ApiException(SesErrors.InvalidParameterValue("The message names no sender: give Source or a From field."));
        var destinations = p.List("Destinations");
        var recipients = destinations.Count > 0
            ? Addresses.ParseAll(destinations, "Destinations").Select(m => m.Address).ToList()
            : RawMessage.Recipients(headers);
        var messageId = await sender.SendAsync(call.AccountId, source, recipients, wire, cancellationToken);
        return [SesXml.Element("MessageId", messageId)];
    }
}

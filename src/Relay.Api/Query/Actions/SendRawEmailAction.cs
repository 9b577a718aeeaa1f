using System.Xml.Linq;
using Relay.Api.Errors;
using Relay.Api.Http;
using Relay.Api.Sending;

namespace Relay.Api.Query.Actions;

/// <summary>
/// SendRawEmail: the caller's message bytes (base64 <c>RawMessage.Data</c>) go through the ingestion path as they
/// are, line ends made CRLF. Source defaults to the Return-Path or From field, Destinations to To, Cc and Bcc. A message
/// in a spilled body arrives as a decoded file and is converted file to file. The ingestion path removes Bcc and the
/// X-SES-* fields and adds a missing Date and Message-ID; ConfigurationSetName and Tags win over the X-SES-* fields.
/// </summary>
internal sealed class SendRawEmailAction(ApiMessageSender sender, SesApiOptions options) : IQueryAction
{
    public string Name => "SendRawEmail";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var p = call.Parameters;
        if (p.OptionalFile(SpilledFormReader.RawMessageData) is { } decoded)
        {
            // A large body: the message goes from its decoded file to a wire-format file, never into memory.
            await using var file = TemporaryFile.Create(options.TemporaryDirectory, "message");
            var fileEightBit = await RawMessage.ToWireFormatAsync(decoded, file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return await SendAsync(call, file, fileEightBit, cancellationToken);
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(p.Required(SpilledFormReader.RawMessageData));
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.InvalidParameterValue("RawMessage.Data must be base64."));
        }

        var wire = RawMessage.ToWireFormat(data);
        await using var memory = new MemoryStream(wire, writable: false);
        return await SendAsync(call, memory, wire.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0, cancellationToken);
    }

    private async Task<IReadOnlyList<XElement>?> SendAsync(QueryCall call, Stream wire, bool eightBit, CancellationToken cancellationToken)
    {
        var p = call.Parameters;
        var headers = RawMessage.Headers(wire);
        var source = p.Optional("Source") is { } given ? Addresses.Parse(given, "Source").Address
            : RawMessage.Sender(headers) ?? throw new ApiException(SesErrors.InvalidParameterValue("The message names no sender: give Source or a From field."));
        var destinations = p.List("Destinations");
        var recipients = destinations.Count > 0
            ? Addresses.ParseAll(destinations, "Destinations").Select(m => m.Address).ToList()
            : RawMessage.Recipients(headers);
        var attributes = new ApiSendAttributes(null, p.Optional("ConfigurationSetName"), ApiTags.FromQuery(p, "Tags"));
        var messageId = await sender.SendAsync(call.AccountId, source, recipients, wire, eightBit, attributes, cancellationToken);
        return [SesXml.Element("MessageId", messageId)];
    }
}

using System.Text.Json.Nodes;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>GetSuppressedDestination: one address of the calling account's list, NotFoundException when it is not on it.</summary>
internal sealed class GetSuppressedDestinationAction(SuppressionList list) : IRestAction
{
    public string Name => "GetSuppressedDestination";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/suppression/addresses/{EmailAddress}"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var address = call.RequiredIdentity;
        var found = await list.FindAsync(call.AccountId, address, cancellationToken)
            ?? throw SuppressionJson.NotListed(address);
        var destination = new JsonObject
        {
            ["EmailAddress"] = found.EmailAddress,
            ["Reason"] = SuppressionJson.Reason(found.Reason),
            ["LastUpdateTime"] = RestTimestamp.Of(found.LastUpdate),
        };
        if (found.MessageId is { } messageId)
        {
            destination["Attributes"] = new JsonObject { ["MessageId"] = messageId };
        }

        return new JsonObject { ["SuppressedDestination"] = destination };
    }
}

using System.Text.Json.Nodes;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>DeleteSuppressedDestination: takes an address off the calling account's list; NotFoundException when it is not on it.</summary>
internal sealed class DeleteSuppressedDestinationAction(SuppressionList list) : IRestAction
{
    public string Name => "DeleteSuppressedDestination";

    public string Method => "DELETE";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/suppression/addresses/{EmailAddress}"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken) =>
        await list.DeleteAsync(call.AccountId, call.RequiredIdentity, cancellationToken)
            ? new JsonObject()
            : throw SuppressionJson.NotListed(call.RequiredIdentity);
}

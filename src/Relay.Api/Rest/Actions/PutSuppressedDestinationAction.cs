using System.Text.Json.Nodes;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>PutSuppressedDestination: adds an address to the calling account's suppression list, or changes its reason.</summary>
internal sealed class PutSuppressedDestinationAction(SuppressionList list) : IRestAction
{
    public string Name => "PutSuppressedDestination";

    public string Method => "PUT";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/suppression/addresses"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var address = call.Body.RequiredString("EmailAddress");
        var reason = SuppressionJson.ParseReason(call.Body.RequiredString("Reason"), "Reason");
        await list.PutAsync(call.AccountId, address, reason, cancellationToken);
        return new JsonObject();
    }
}

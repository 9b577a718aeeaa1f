using System.Text.Json.Nodes;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// PutAccountSuppressionAttributes: the reasons (BOUNCE, COMPLAINT) for which addresses are added to the calling
/// account's list from now on; an empty or missing list adds none. What is on the list stays suppressed.
/// </summary>
internal sealed class PutAccountSuppressionAttributesAction(SuppressionList list) : IRestAction
{
    public string Name => "PutAccountSuppressionAttributes";

    public string Method => "PUT";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/account/suppression"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var reasons = call.Body.StringList("SuppressedReasons").Select(reason => SuppressionJson.ParseReason(reason, "SuppressedReasons")).ToList();
        await list.SaveReasonsAsync(call.AccountId, reasons, cancellationToken);
        return new JsonObject();
    }
}

using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>ListTagsForResource: <c>GET /v2/email/tags?ResourceArn=…</c>, the identity's tags in key order (an empty list when none).</summary>
internal sealed class ListTagsForResourceAction(IIdentityManagement identities, SesApiOptions options) : IRestAction
{
    public string Name => "ListTagsForResource";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/tags"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var arn = call.Query.GetValueOrDefault("ResourceArn") is { Length: > 0 } given
            ? given
            : throw new ApiException(SesErrors.BadRequest("ResourceArn is required."));
        var tags = await identities.ListTagsAsync(call.AccountId, IdentityArn.IdentityOf(arn, call.AccountId, options), cancellationToken);
        return new JsonObject { ["Tags"] = TagsJson.Write(tags) };
    }
}

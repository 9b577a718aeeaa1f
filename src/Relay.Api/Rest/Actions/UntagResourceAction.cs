using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>UntagResource: <c>DELETE /v2/email/tags?ResourceArn=…&amp;TagKeys=a&amp;TagKeys=b</c>; keys the identity lacks are ignored.</summary>
internal sealed class UntagResourceAction(IIdentityManagement identities, SesApiOptions options) : IRestAction
{
    public string Name => "UntagResource";

    public string Method => "DELETE";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/tags"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var arn = call.Query.GetValueOrDefault("ResourceArn") is { Length: > 0 } given
            ? given
            : throw new ApiException(SesErrors.BadRequest("ResourceArn is required."));
        var identity = IdentityArn.IdentityOf(arn, call.AccountId, options);
        await identities.UntagAsync(call.AccountId, identity, call.QueryValues("TagKeys"), cancellationToken);
        return new JsonObject();
    }
}

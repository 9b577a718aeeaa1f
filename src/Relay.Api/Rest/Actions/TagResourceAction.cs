using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>TagResource: adds tags to one of the account's identities by its ARN, replacing the values of keys it has.</summary>
internal sealed class TagResourceAction(IIdentityManagement identities, SesApiOptions options) : IRestAction
{
    public string Name => "TagResource";

    public string Method => "POST";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/tags"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var identity = IdentityArn.IdentityOf(call.Body.RequiredString("ResourceArn"), call.AccountId, options);
        var tags = TagsJson.Read(call.Body, "Tags") ?? throw new ApiException(SesErrors.BadRequest("Tags is required."));
        await identities.TagAsync(call.AccountId, identity, tags, cancellationToken);
        return new JsonObject();
    }
}

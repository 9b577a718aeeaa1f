using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>DeleteEmailIdentity: removes the identity and its keys; NotFoundException when there is none (v2 is strict, unlike v1).</summary>
internal sealed class DeleteEmailIdentityAction(IIdentityManagement identities) : IRestAction
{
    public string Name => "DeleteEmailIdentity";

    public string Method => "DELETE";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/identities/{EmailIdentity}"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken) =>
        await identities.DeleteAsync(call.AccountId, call.RequiredIdentity, cancellationToken)
            ? new JsonObject()
            : throw new ApiException(SesErrors.NotFound($"Email identity {call.RequiredIdentity} does not exist."));
}

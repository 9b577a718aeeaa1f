using System.Text.Json.Nodes;
using Relay.Api.Identities;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// CreateEmailIdentity: a domain gets Easy DKIM (DkimSigningAttributes.NextSigningKeyLength picks the key size) or,
/// with a selector and private key, BYODKIM; an address gets a confirmation link (rationed by <see cref="ConfirmationMailThrottle"/>). An existing identity is AlreadyExistsException.
/// Tags are checked first and stored with the identity.
/// </summary>
internal sealed class CreateEmailIdentityAction(IIdentityManagement identities, IdentityViews views, ConfirmationMailThrottle throttle) : IRestAction
{
    public string Name => "CreateEmailIdentity";

    public string Method => "POST";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/identities"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var name = call.Body.RequiredString("EmailIdentity");
        var signing = call.Body.OptionalObject("DkimSigningAttributes") is { } attributes
            ? SigningRequests.Read(attributes, origin: null)
            : null;
        // Checked before anything is created: a refused tag leaves no identity behind.
        var tags = IdentityTagRules.Validate(TagsJson.Read(call.Body, "Tags") ?? []);
        if (name.Contains('@', StringComparison.Ordinal))
        {
            await throttle.AcquireAsync(call.AccountId, name, mailsExistingPending: false, cancellationToken);
        }

        var identity = await identities.CreateIdentityAsync(call.AccountId, name, signing, cancellationToken);
        if (tags.Count > 0)
        {
            await identities.TagAsync(call.AccountId, identity.Name, tags, cancellationToken);
        }

        var reply = new JsonObject
        {
            ["IdentityType"] = ApiNames.V2IdentityType(identity.Type),
            ["VerifiedForSendingStatus"] = identity.IsVerified,
        };
        if (identity.Type == IdentityType.Domain)
        {
            reply["DkimAttributes"] = DkimAttributesJson.For(identity, await views.DkimAsync(call.AccountId, identity, cancellationToken));
        }

        return reply;
    }
}

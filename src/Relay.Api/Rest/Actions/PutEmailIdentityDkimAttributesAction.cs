using System.Text.Json.Nodes;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>PutEmailIdentityDkimAttributes: turns DKIM signing on or off (SigningEnabled; absent means false, as in SES).</summary>
internal sealed class PutEmailIdentityDkimAttributesAction(IIdentityManagement identities) : IRestAction
{
    public string Name => "PutEmailIdentityDkimAttributes";

    public string Method => "PUT";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/identities/{EmailIdentity}/dkim"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        await identities.SetSigningEnabledAsync(call.AccountId, call.RequiredIdentity, call.Body.OptionalBoolean("SigningEnabled") ?? false, cancellationToken);
        return new JsonObject();
    }
}

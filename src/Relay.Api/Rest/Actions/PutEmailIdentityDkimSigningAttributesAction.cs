using System.Text.Json.Nodes;
using Relay.Api.Identities;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// PutEmailIdentityDkimSigningAttributes: a new Easy DKIM key length, a BYODKIM key, or a switch between the two.
/// Served under <c>/v1/</c> (aws-cli 2.9, botocore before 1.42.4, Perl Paws) and <c>/v2/</c> (newer botocore).
/// </summary>
internal sealed class PutEmailIdentityDkimSigningAttributesAction(IIdentityManagement identities) : IRestAction
{
    public string Name => "PutEmailIdentityDkimSigningAttributes";

    public string Method => "PUT";

    public IReadOnlyList<string> Paths { get; } =
        ["/v1/email/identities/{EmailIdentity}/dkim/signing", "/v2/email/identities/{EmailIdentity}/dkim/signing"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var request = SigningRequests.Read(call.Body.OptionalObject("SigningAttributes"), call.Body.RequiredString("SigningAttributesOrigin"));
        var identity = await identities.SetSigningAttributesAsync(call.AccountId, call.RequiredIdentity, request, cancellationToken);
        var dkim = DkimView.Of(identity.SigningEnabled, identity);
        return new JsonObject
        {
            ["DkimStatus"] = SesNames.Status(dkim.Status),
            ["DkimTokens"] = new JsonArray(dkim.Tokens.Select(token => (JsonNode?)JsonValue.Create(token)).ToArray()),
        };
    }
}

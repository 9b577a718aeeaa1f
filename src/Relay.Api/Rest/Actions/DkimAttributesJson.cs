using System.Text.Json.Nodes;
using Relay.Api.Identities;
using Relay.Core.Identities;

namespace Relay.Api.Rest.Actions;

/// <summary>The v2 <c>DkimAttributes</c> object of an identity.</summary>
internal static class DkimAttributesJson
{
    public static JsonObject For(Identity identity, DkimView dkim)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(dkim);
        var keys = dkim.KeyHolder;
        var json = new JsonObject
        {
            ["SigningEnabled"] = dkim.SigningEnabled,
            ["Status"] = SesNames.Status(dkim.Status),
            ["Tokens"] = new JsonArray(dkim.Tokens.Select(token => (JsonNode?)JsonValue.Create(token)).ToArray()),
            ["SigningAttributesOrigin"] = SesNames.Origin(dkim.Origin),
            ["NextSigningKeyLength"] = SesNames.KeyLength(keys?.NextSigningKeyLength ?? identity.NextSigningKeyLength),
        };
        // CurrentSigningKeyLength, NextSigningKeyLength and LastKeyGenerationTimestamp are Easy DKIM fields (SES v2
        // DkimAttributes: "[Easy DKIM] The key length of the DKIM key pair in use", "... of the future DKIM key pair to be
        // generated"): a BYODKIM key is no Easy DKIM key pair in use, so only the length a return to Easy DKIM makes is shown.
        if (dkim.Origin == DkimSigningOrigin.AwsSes && keys?.SigningKey is { } current)
        {
            json["CurrentSigningKeyLength"] = ApiNames.V2KeyLength(current.KeyBits);
        }

        if (keys?.LastKeyGeneration is { } generated)
        {
            json["LastKeyGenerationTimestamp"] = RestTimestamp.Of(generated);
        }

        return json;
    }
}

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
            ["SigningAttributesOrigin"] = SesNames.Origin(keys?.DkimOrigin ?? DkimSigningOrigin.AwsSes),
            ["NextSigningKeyLength"] = SesNames.KeyLength(keys?.NextSigningKeyLength ?? identity.NextSigningKeyLength),
        };
        if (keys?.SigningKey is { } current)
        {
            json["CurrentSigningKeyLength"] = ApiNames.V2KeyLength(current.KeyBits);
        }

        if (keys?.LastKeyGeneration is { } generated)
        {
            // rest-json timestamps are epoch seconds.
            json["LastKeyGenerationTimestamp"] = generated.ToUnixTimeMilliseconds() / 1000.0;
        }

        return json;
    }
}

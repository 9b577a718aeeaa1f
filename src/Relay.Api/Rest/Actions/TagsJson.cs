using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Core.Identities;

namespace Relay.Api.Rest.Actions;

/// <summary>SES v2's <c>Tags</c> list, <c>[{"Key": …, "Value": …}]</c>, read and written.</summary>
internal static class TagsJson
{
    /// <summary>The tags of <paramref name="name"/> in the body; null when absent. Key and Value are both required, as in SES.</summary>
    public static IReadOnlyList<IdentityTag>? Read(JsonBody body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.OptionalObjectList(name)?.Select(tag => new IdentityTag(
                tag.OptionalString("Key") ?? throw new ApiException(SesErrors.BadRequest($"Every tag of {name} needs a Key.")),
                tag.OptionalString("Value") ?? throw new ApiException(SesErrors.BadRequest($"Every tag of {name} needs a Value."))))
            .ToList();
    }

    public static JsonArray Write(IEnumerable<IdentityTag> tags) =>
        new(tags.Select(tag => (JsonNode?)new JsonObject { ["Key"] = tag.Key, ["Value"] = tag.Value }).ToArray());
}

using System.Globalization;
using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>ListEmailIdentities: the account's identities in pages of PageSize (1–1000, default 100) with NextToken.</summary>
internal sealed class ListEmailIdentitiesAction(IIdentityManagement identities) : IRestAction
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public string Name => "ListEmailIdentities";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/identities"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var pageSize = DefaultPageSize;
        if (call.Query.TryGetValue("PageSize", out var text)
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize is >= 1 and <= MaxPageSize))
        {
            throw new ApiException(SesErrors.BadRequest($"PageSize must be an integer from 1 to {MaxPageSize}, not '{text}'."));
        }

        if (!PageToken.TryRead(call.Query.GetValueOrDefault("NextToken"), out var after))
        {
            throw new ApiException(SesErrors.BadRequest("NextToken is not one this service gave."));
        }

        var all = (await identities.ListAsync(call.AccountId, cancellationToken)).OrderBy(identity => identity.Name, StringComparer.Ordinal).ToList();
        var (page, next) = PageToken.Slice(all, identity => identity.Name, after, pageSize);
        var items = page.Select(identity => (JsonNode?)new JsonObject
        {
            ["IdentityType"] = ApiNames.V2IdentityType(identity.Type),
            ["IdentityName"] = identity.Name,
            ["SendingEnabled"] = identity.IsVerified,
            ["VerificationStatus"] = SesNames.Status(IdentityViews.VerificationOf(identity)),
        }).ToArray();
        var reply = new JsonObject { ["EmailIdentities"] = new JsonArray(items) };
        if (next is not null)
        {
            reply["NextToken"] = next;
        }

        return reply;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Relay.Api.Errors;

namespace Relay.Api.Rest.Actions;

/// <summary>ListEmailIdentities as botocore and aws-cli send it: <c>GET /v2/email/identities?PageSize=&amp;NextToken=</c>.</summary>
internal sealed class ListEmailIdentitiesAction(EmailIdentityListing listing) : IRestAction
{
    public string Name => "ListEmailIdentities";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/identities"];

    public Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        int? pageSize = null;
        if (call.Query.TryGetValue("PageSize", out var text))
        {
            pageSize = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ApiException(SesErrors.BadRequest($"PageSize must be an integer, not '{text}'."));
        }

        return listing.ListAsync(call.AccountId, pageSize, call.Query.GetValueOrDefault("NextToken"), [], cancellationToken);
    }
}

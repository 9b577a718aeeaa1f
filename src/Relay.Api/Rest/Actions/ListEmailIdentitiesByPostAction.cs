using System.Text.Json.Nodes;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// ListEmailIdentities as the JS SDK v3 sends it since the SES v2 model moved it (client-sesv2 3.11xx):
/// <c>POST /v2/email/list-identities</c> with <c>{"PageSize", "NextToken", "Filter"}</c> in a JSON body.
/// </summary>
internal sealed class ListEmailIdentitiesByPostAction(EmailIdentityListing listing) : IRestAction
{
    public string Name => "ListEmailIdentities";

    public string Method => "POST";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/list-identities"];

    public Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken) =>
        listing.ListAsync(
            call.AccountId, call.Body.OptionalInt32("PageSize"), call.Body.OptionalString("NextToken"), call.Body.StringMap("Filter"), cancellationToken);
}

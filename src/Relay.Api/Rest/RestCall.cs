namespace Relay.Api.Rest;

/// <summary>One authenticated v2 call: the account, the decoded <c>{EmailIdentity}</c> path label (if the route has one), the query and the JSON body.</summary>
internal sealed record RestCall(string AccountId, string? Identity, IReadOnlyDictionary<string, string> Query, JsonBody Body, string RequestId)
{
    public string RequiredIdentity => Identity ?? throw new InvalidOperationException("This route has no identity label.");
}

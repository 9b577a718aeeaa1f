namespace Relay.Api.Rest;

/// <summary>
/// One authenticated v2 call: the account, the decoded <c>{EmailIdentity}</c> path label (if the route has one), the
/// query (of a repeated parameter, the last value; <see cref="QueryValues"/> gives all) and the JSON body.
/// </summary>
internal sealed record RestCall(string AccountId, string? Identity, IReadOnlyDictionary<string, string> Query, JsonBody Body, string RequestId)
{
    public string RequiredIdentity => Identity ?? throw new InvalidOperationException("This route has no identity label.");

    /// <summary>Every value of each query parameter in the order sent: a list member such as <c>TagKeys=a&amp;TagKeys=b</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> QueryLists { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>All values of <paramref name="name"/> in the query; empty when it is absent.</summary>
    public IReadOnlyList<string> QueryValues(string name) => QueryLists.GetValueOrDefault(name) ?? [];
}

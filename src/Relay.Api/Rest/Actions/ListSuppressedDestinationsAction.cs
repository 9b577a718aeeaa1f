using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// ListSuppressedDestinations: the calling account's list in address order, filtered by <c>Reason</c> (repeated),
/// <c>StartDate</c> and <c>EndDate</c>, in pages of <c>PageSize</c> (1–1000, default 1000) with a <c>NextToken</c>.
/// </summary>
internal sealed class ListSuppressedDestinationsAction(SuppressionList list) : IRestAction
{
    private const int MaxPageSize = 1000;

    public string Name => "ListSuppressedDestinations";

    public string Method => "GET";

    public IReadOnlyList<string> Paths { get; } = ["/v2/email/suppression/addresses"];

    public async Task<JsonObject> ExecuteAsync(RestCall call, CancellationToken cancellationToken)
    {
        var pageSize = MaxPageSize;
        if (call.Query.TryGetValue("PageSize", out var size)
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            throw new ApiException(SesErrors.BadRequest($"PageSize must be an integer from 1 to {MaxPageSize}, not '{size}'."));
        }

        var reasons = call.QueryValues("Reason").Select(reason => SuppressionJson.ParseReason(reason, "Reason")).ToList();
        var start = call.Query.TryGetValue("StartDate", out var from) ? SuppressionJson.ParseTimestamp(from, "StartDate") : (DateTimeOffset?)null;
        var end = call.Query.TryGetValue("EndDate", out var to) ? SuppressionJson.ParseTimestamp(to, "EndDate") : (DateTimeOffset?)null;
        var after = call.Query.TryGetValue("NextToken", out var token) ? AddressOf(token) : null;

        // One more than asked: whether another page follows.
        var page = await list.ListAsync(call.AccountId, new SuppressionQuery(reasons, start, end, after, pageSize + 1), cancellationToken);
        var shown = page.Take(pageSize).ToList();
        var reply = new JsonObject
        {
            ["SuppressedDestinationSummaries"] = new JsonArray(shown.Select(entry => (JsonNode)new JsonObject
            {
                ["EmailAddress"] = entry.EmailAddress,
                ["Reason"] = SuppressionJson.Reason(entry.Reason),
                ["LastUpdateTime"] = RestTimestamp.Of(entry.LastUpdate),
            }).ToArray()),
        };
        if (page.Count > pageSize)
        {
            reply["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(shown[^1].EmailAddress));
        }

        return reply;
    }

    private static string AddressOf(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new ApiException(SesErrors.BadRequest("NextToken is not one this operation gave."));
        }
    }
}

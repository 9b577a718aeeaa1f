using System.Text.Json.Nodes;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Rest.Actions;

/// <summary>
/// The one listing behind both forms of ListEmailIdentities (botocore's GET with a query, the JS SDK's POST with a
/// JSON body): the account's identities by name, filtered, in pages of PageSize (1–1000, default 100) with NextToken.
/// </summary>
internal sealed class EmailIdentityListing(IIdentityManagement identities)
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    private static readonly string[] IdentityTypes = ["EMAIL_ADDRESS", "DOMAIN", "MANAGED_DOMAIN"];
    private static readonly string[] Statuses = ["PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED"];

    /// <summary>One page of the account's identities; <paramref name="filter"/> is the JS SDK's Filter (IDENTITY_TYPE, IDENTITY_NAME_CONTAINS, VERIFICATION_STATUS), all of which must match.</summary>
    public async Task<JsonObject> ListAsync(
        string accountId, int? pageSize, string? nextToken, IReadOnlyList<KeyValuePair<string, string>> filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new ApiException(SesErrors.BadRequest($"PageSize must be an integer from 1 to {MaxPageSize}, not {size}."));
        }

        if (!PageToken.TryRead(nextToken, out var after))
        {
            throw new ApiException(SesErrors.BadRequest("NextToken is not one this service gave."));
        }

        var matches = Matcher(filter);
        var all = (await identities.ListAsync(accountId, cancellationToken))
            .Select(identity => (Identity: identity, Status: SesNames.Status(IdentityViews.VerificationOf(identity))))
            .Where(matches)
            .OrderBy(item => item.Identity.Name, StringComparer.Ordinal)
            .ToList();
        var (page, next) = PageToken.Slice(all, item => item.Identity.Name, after, size);
        var items = page.Select(item => (JsonNode?)new JsonObject
        {
            ["IdentityType"] = ApiNames.V2IdentityType(item.Identity.Type),
            ["IdentityName"] = item.Identity.Name,
            ["SendingEnabled"] = item.Identity.IsVerified,
            ["VerificationStatus"] = item.Status,
        }).ToArray();
        var reply = new JsonObject { ["EmailIdentities"] = new JsonArray(items) };
        if (next is not null)
        {
            reply["NextToken"] = next;
        }

        return reply;
    }

    private static Func<(Identity Identity, string Status), bool> Matcher(IReadOnlyList<KeyValuePair<string, string>> filter)
    {
        var tests = new List<Func<(Identity Identity, string Status), bool>>();
        foreach (var (key, value) in filter)
        {
            tests.Add(key switch
            {
                "IDENTITY_TYPE" when IdentityTypes.Contains(value, StringComparer.Ordinal) =>
                    item => ApiNames.V2IdentityType(item.Identity.Type) == value,
                "IDENTITY_NAME_CONTAINS" => item => item.Identity.Name.Contains(value, StringComparison.OrdinalIgnoreCase),
                "VERIFICATION_STATUS" when Statuses.Contains(value, StringComparer.Ordinal) => item => item.Status == value,
                "IDENTITY_TYPE" or "VERIFICATION_STATUS" => throw new ApiException(SesErrors.BadRequest($"Filter {key} cannot be '{value}'.")),
                _ => throw new ApiException(SesErrors.BadRequest(
                    $"Filter key must be IDENTITY_TYPE, IDENTITY_NAME_CONTAINS or VERIFICATION_STATUS, not '{key}'.")),
            });
        }

        return item => tests.TrueForAll(test => test(item));
    }
}

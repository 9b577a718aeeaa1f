using System.Text.Json;
using Relay.Api.Errors;
using Relay.Api.Http;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Quotas;

namespace Relay.Api.Rest;

/// <summary>SES v2: method and path select the operation, the identity is a percent-encoded path label, JSON in and out.</summary>
internal sealed class RestProtocol
{
    private readonly List<(IRestAction Action, string[] Segments)> _routes;

    public RestProtocol(IEnumerable<IRestAction> actions) =>
        _routes = actions.SelectMany(action => action.Paths.Select(path => (action, Split(path)))).ToList();

    public async Task<(ApiResponse Response, string Action)> HandleAsync(ApiRequest request, string accountId, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actionName = "-";
        try
        {
            var (action, identity) = Route(request.Method, request.RawPath);
            actionName = action.Name;
            var pairs = ParseQuery(request.RawQuery);
            var call = new RestCall(accountId, identity, LastValues(pairs), JsonBody.Parse(request.Body), requestId)
            {
                QueryLists = pairs.GroupBy(pair => pair.Key, StringComparer.Ordinal)
                    .ToDictionary(group => group.Key, group => (IReadOnlyList<string>)group.Select(pair => pair.Value).ToList(), StringComparer.Ordinal),
            };
            var reply = await action.ExecuteAsync(call, cancellationToken);
            return (ApiResponses.Json(JsonSerializer.SerializeToUtf8Bytes(reply), requestId), actionName);
        }
        catch (ApiException ex)
        {
            return (ApiResponses.JsonError(ForRest(ex.Error), requestId), actionName);
        }
        catch (IdentityOperationException ex)
        {
            return (ApiResponses.JsonError(IdentityErrors.ForRest(ex), requestId), actionName);
        }
    }

    /// <summary>The operation for a method and raw path, with the decoded identity label; UnknownOperationException when none.</summary>
    public (IRestAction Action, string? Identity) Route(string method, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        var segments = Split(rawPath);
        foreach (var (action, template) in _routes)
        {
            if (action.Method != method || template.Length != segments.Length)
            {
                continue;
            }

            string? identity = null;
            var matched = true;
            for (var index = 0; index < template.Length && matched; index++)
            {
                if (template[index].StartsWith('{'))
                {
                    identity = Uri.UnescapeDataString(segments[index]);
                }
                else
                {
                    matched = template[index] == segments[index];
                }
            }

            if (matched)
            {
                return (action, identity);
            }
        }

        throw new ApiException(SesErrors.UnknownOperation());
    }

    /// <summary>
    /// The shared sending and parameter checks speak v1; v2 clients know these cases as BadRequestException, and a
    /// send over the account's quota as SES v2 answers it: TooManyRequestsException (429) over the rate, as observed,
    /// and LimitExceededException (400, a throttle to botocore too) over the daily quota.
    /// </summary>
    private static ApiError ForRest(ApiError error) => error switch
    {
        { Code: "InvalidParameterValue" or "MissingParameter" } => SesErrors.BadRequest(error.Message),
        { Code: "Throttling", Message: SendingLimitMessages.DailyMessageQuotaExceeded } => SesErrors.LimitExceeded(error.Message),
        { Code: "Throttling" } => SesErrors.TooManyRequests(error.Message),
        _ => error,
    };

    private static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            pairs.Add(KeyValuePair.Create(name, equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '))));
        }

        return pairs;
    }

    private static Dictionary<string, string> LastValues(List<KeyValuePair<string, string>> pairs)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in pairs)
        {
            query[name] = value;
        }

        return query;
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}

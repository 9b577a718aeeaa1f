using System.Text;
using Relay.Api.Errors;
using Relay.Api.Http;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query;

/// <summary>SES v1: form parameters in, <c>Action</c> selects one action, XML out; refusals as SES's XML errors.</summary>
internal sealed class QueryProtocol
{
    public const string ApiVersion = "2010-12-01";

    private readonly Dictionary<string, IQueryAction> _actions;

    private readonly SesApiOptions _options;

    public QueryProtocol(IEnumerable<IQueryAction> actions, SesApiOptions options)
    {
        _actions = actions.ToDictionary(action => action.Name, StringComparer.Ordinal);
        _options = options;
    }

    /// <summary>The v1 dispatch rule: anything that is not a v2 path.</summary>
    public static bool Handles(ApiRequest request) => !RestPaths.IsRest(request.RawPath);

    /// <summary>Runs the call and returns the reply and the action name (for the log).</summary>
    public async Task<(ApiResponse Response, string Action)> HandleAsync(ApiRequest request, string accountId, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actionName = "-";
        try
        {
            await using var parameters = request.SpilledBody is { } spilled
                ? await SpilledFormReader.ReadAsync(spilled, request.RawQuery, _options.TemporaryDirectory, cancellationToken)
                : QueryParameters.Parse(request.RawQuery, Encoding.UTF8.GetString(request.Body));
            actionName = parameters.Optional("Action") ?? throw new ApiException(SesErrors.MissingAction());
            if (parameters.Optional("Version") is { } version && version != ApiVersion)
            {
                throw new ApiException(SesErrors.NoSuchVersion(version));
            }

            if (!_actions.TryGetValue(actionName, out var action))
            {
                throw new ApiException(SesErrors.InvalidAction(actionName));
            }

            var result = await action.ExecuteAsync(new QueryCall(accountId, parameters, requestId), cancellationToken);
            return (ApiResponses.Xml(SesXml.Success(actionName, result, requestId), requestId), actionName);
        }
        catch (ApiException ex)
        {
            return (ApiResponses.XmlError(ex.Error, requestId), actionName);
        }
        catch (IdentityOperationException ex)
        {
            return (ApiResponses.XmlError(IdentityErrors.ForQuery(ex), requestId), actionName);
        }
    }
}

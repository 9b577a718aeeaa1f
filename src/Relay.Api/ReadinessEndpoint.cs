using Relay.Api.Http;
using Relay.Core.Observability;

namespace Relay.Api;

/// <summary>
/// <c>GET /ready</c>: 200 <c>ready</c> while every check passes, else 503 with one line per failing check, so that a
/// load balancer sends mail only to nodes that can take it. <c>/health</c> stays a liveness check.
/// </summary>
internal sealed class ReadinessEndpoint(IEnumerable<IReadinessCheck> checks)
{
    public const string Path = "/ready";

    public async Task<ApiResponse> HandleAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var check in checks)
        {
            if (await check.ProblemAsync(cancellationToken) is { } problem)
            {
                problems.Add($"{check.Name}: {problem}");
            }
        }

        return problems.Count == 0
            ? ApiResponses.Text(200, "text/plain; charset=utf-8", "ready\n")
            : ApiResponses.Text(503, "text/plain; charset=utf-8", "not ready\n" + string.Concat(problems.Select(p => p + "\n")));
    }
}

using Relay.Api.Http;
using Relay.Core.Observability;

namespace Relay.Api;

/// <summary><c>GET /metrics</c>: every registered metrics source, one after the other, in the Prometheus text format 0.0.4.</summary>
internal sealed class MetricsEndpoint(IEnumerable<IPrometheusMetrics> sources)
{
    public const string Path = "/metrics";
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public async Task<ApiResponse> HandleAsync(CancellationToken cancellationToken)
    {
        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        foreach (var source in sources)
        {
            await source.WriteAsync(writer, cancellationToken);
        }

        return ApiResponses.Text(200, ContentType, writer.ToString());
    }
}

using Microsoft.AspNetCore.Http;
using Relay.Api.Http;

namespace Relay.Api;

/// <summary>
/// Routes the API endpoint: <c>GET /health</c> (liveness: the process answers), <c>GET /ready</c> (readiness, for a
/// load balancer), <c>GET /metrics</c> and <c>GET /confirm-email?token=…</c> are served without a signature; everything
/// else is the SES API and must be signed.
/// </summary>
internal sealed class RelayHttpApplication(
    SesApiHandler api, ConfirmEmailPage confirmEmail, MetricsEndpoint metrics, ReadinessEndpoint readiness, SesApiOptions options)
    : IRelayHttpApplication
{
    public const string HealthPath = "/health";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var request = context.Request;
        ApiResponse response;
        if (HttpMethods.IsGet(request.Method) && request.Path == HealthPath)
        {
            response = ApiResponses.Text(200, "text/plain; charset=utf-8", "ok\n");
        }
        else if (HttpMethods.IsGet(request.Method) && request.Path == ReadinessEndpoint.Path)
        {
            response = await readiness.HandleAsync(cancellationToken);
        }
        else if (HttpMethods.IsGet(request.Method) && request.Path == MetricsEndpoint.Path)
        {
            response = await metrics.HandleAsync(cancellationToken);
        }
        else if (HttpMethods.IsGet(request.Method) && request.Path == ConfirmEmailPage.Path)
        {
            response = await confirmEmail.HandleAsync(request.Query["token"].FirstOrDefault(), cancellationToken);
        }
        else
        {
            response = await api.HandleAsync(HttpExchange.ReadHead(context), new HttpRequestBody(context, options), cancellationToken);
        }

        await HttpExchange.WriteAsync(context, response, cancellationToken);
    }
}

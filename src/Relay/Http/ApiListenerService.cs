using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Api;
using Relay.Smtp;

namespace Relay.Http;

/// <summary>
/// Kestrel inside Relay's host, serving the SES API and the unsigned pages on <c>Relay:Api:Endpoint</c>. It is a
/// small web application of its own (no routing, no configuration sources) whose one request handler comes from
/// the host's container, so the API uses the same services as SMTP. Kestrel's own limits (connections, header and
/// keep-alive timeouts, minimum body rate) and a per-address connection limit come from <see cref="SesApiOptions"/>.
/// </summary>
internal sealed partial class ApiListenerService : IHostedService, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IPEndPoint _endPoint;
    private readonly ILogger<ApiListenerService> _logger;
    private readonly bool _https;

    public ApiListenerService(
        ApiEndPoint endPoint, IRelayHttpApplication application, SesApiOptions options, IServerCertificateProvider certificates,
        ILoggerFactory loggerFactory, ILogger<ApiListenerService> logger)
    {
        _endPoint = endPoint.Address;
        _https = endPoint.Https;
        _logger = logger;
        var perAddress = new ConnectionsPerAddress(options.MaxConnectionsPerAddress, logger);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.WebHost.UseKestrelCore();
        if (_https)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
            kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = options.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = options.MinRequestBodyDataRate > 0
                ? new MinDataRate(options.MinRequestBodyDataRate, options.MinDataRateGracePeriod)
                : null;
            kestrel.Listen(_endPoint, listen =>
            {
                listen.Use(next => connection => perAddress.OnConnectionAsync(connection, next));
                if (_https)
                {
                    listen.UseHttps(certificates.GetCertificate()
                        ?? throw new InvalidOperationException("Relay:Api:Https is on but no TLS certificate is available."));
                }
            });
        });
        _app = builder.Build();
        _app.Run(application.HandleAsync);
    }

    /// <summary>The address actually bound (useful with port 0); empty before start.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        BoundEndPoints = KestrelBoundEndPoints.Of(_app);
        var bound = string.Join(", ", BoundEndPoints);
        LogListening(_logger, _https ? "https" : "http", bound);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "SES API listening ({Scheme}) on {EndPoints}")]
    private static partial void LogListening(ILogger logger, string scheme, string endPoints);
}

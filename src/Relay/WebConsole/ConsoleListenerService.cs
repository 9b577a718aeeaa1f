using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Http;
using Relay.Smtp;

namespace Relay.WebConsole;

/// <summary>
/// Kestrel on <c>Relay:Console:Listen</c>, the same way the SES API is served (<see cref="Http.ApiListenerService"/>):
/// an empty web application whose one request handler, <see cref="ConsoleApplication"/>, comes from the host's
/// container. A listener of its own, so the console can stay on loopback while the API is reachable, and the other way round.
/// </summary>
internal sealed class ConsoleListenerService : IHostedService, IAsyncDisposable
{
    /// <summary>The console's forms are a few fields; anything larger is not one of them.</summary>
    public const long MaxRequestBodySize = 16 * 1024;

    public const int MaxConnections = 100;

    private readonly WebApplication _app;
    private readonly ConsoleEndPoint _endPoint;
    private readonly ILogger<ConsoleListenerService> _logger;

    public ConsoleListenerService(
        ConsoleEndPoint endPoint, ConsoleApplication application, IServerCertificateProvider certificates,
        ILoggerFactory loggerFactory, ILogger<ConsoleListenerService> logger)
    {
        _endPoint = endPoint;
        _logger = logger;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        builder.WebHost.UseKestrelCore();
        if (endPoint.Https)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(endPoint.Address, listen =>
            {
                if (endPoint.Https)
                {
                    listen.UseHttps(certificates.GetCertificate()
                        ?? throw new InvalidOperationException("Relay:Console:Https is on but no TLS certificate is available."));
                }
            });
        });
        _app = builder.Build();
        _app.Run(application.HandleAsync);
    }

    /// <summary>The addresses actually bound (useful with port 0); empty before start.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        BoundEndPoints = KestrelBoundEndPoints.Of(_app);
        var bound = string.Join(", ", BoundEndPoints);
        var scheme = _endPoint.Https ? "https" : "http";
        ConsoleLog.Listening(_logger, scheme, bound);
        if (!_endPoint.Https && !IPAddress.IsLoopback(_endPoint.Address.Address))
        {
            ConsoleLog.NotLoopbackWithoutTls(_logger, _endPoint.Address);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

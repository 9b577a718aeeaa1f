using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Configuration;
using Serilog;
using Serilog.Extensions.Logging;

namespace Relay.Hosting;

/// <summary>Builds the generic host that runs Relay; the same path serves the program and the end-to-end tests.</summary>
internal static class RelayHostFactory
{
    public static async Task<IHost> BuildAsync(IConfigurationRoot configuration, CancellationToken cancellationToken)
    {
        var settings = SettingsLoader.Load(configuration);
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddConfiguration(configuration);
            builder.Services.AddSerilog(logger, dispose: true);
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = settings.Relay.ShutdownTimeout);
            using var startupLoggers = new SerilogLoggerFactory(logger, dispose: false);
            await builder.Services.AddRelayAsync(settings, startupLoggers.CreateLogger("Relay.Startup"), cancellationToken);
            return builder.Build();
        }
        catch
        {
            await logger.DisposeAsync();
            throw;
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Configuration;
using Relay.Core.Storage;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Relay.Hosting;

/// <summary>Builds the generic host that runs Relay; the same path serves the program and the end-to-end tests.</summary>
internal static class RelayHostFactory
{
    public static async Task<IHost> BuildAsync(IConfigurationRoot configuration, HostUse use, CancellationToken cancellationToken)
    {
        // The process umask (077) is set by Program.Main, not here: an embedding process (the end-to-end tests) keeps
        // its own, and every file the product writes asks for owner-only modes itself.
        var settings = SettingsLoader.Load(configuration);
        var logger = CreateLogger(configuration);
        DataFolderLock? folderLock = null;
        try
        {
            using var startupLoggers = new SerilogLoggerFactory(logger, dispose: false);
            var startupLogger = startupLoggers.CreateLogger("Relay.Startup");
            folderLock = use == HostUse.Server ? TakeDataFolder(settings, startupLogger) : null;
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.AddConfiguration(configuration);
            builder.Services.AddSerilog(logger, dispose: true);
            if (folderLock is not null)
            {
                // Registered through a factory so that the container disposes it, and the lock ends, with the host.
                builder.Services.AddSingleton(_ => folderLock);
            }

            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = settings.Relay.ShutdownTimeout);
            await builder.Services.AddRelayAsync(settings, startupLogger, cancellationToken);
            var host = builder.Build();
            // A factory's instance is the container's to dispose only once it has been made: made here, so that
            // disposing the host ends the lock (a host in a test process would otherwise hold it until the GC ran).
            _ = host.Services.GetService<DataFolderLock>();
            return host;
        }
        catch
        {
            folderLock?.Dispose();
            await logger.DisposeAsync();
            throw;
        }
    }

    private static Serilog.Core.Logger CreateLogger(IConfiguration configuration)
    {
        try
        {
            // The generic host logs a start-up failure with its stack trace; Main prints it as one line instead.
            return new LoggerConfiguration().ReadFrom.Configuration(configuration)
                .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
                .Enrich.FromLogContext().Enrich.With<LogIdsEnricher>().CreateLogger();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new SettingsException($"Serilog: {ex.Message} (levels: Verbose, Debug, Information, Warning, Error, Fatal).", ex);
        }
    }

    private static DataFolderLock TakeDataFolder(LoadedSettings settings, Microsoft.Extensions.Logging.ILogger logger)
    {
        DataFolderAccess.Secure(settings.DataDirectory, logger);
        var folderLock = DataFolderLock.Acquire(settings.DataDirectory);
        OwnerOnly.CreateDirectory(settings.TemporaryDirectory);
        TemporaryFiles.DeleteLeftovers(settings.TemporaryDirectory);
        return folderLock;
    }
}

using Microsoft.Extensions.Configuration;

namespace Relay.Hosting;

/// <summary>
/// Configuration sources, later ones winning: appsettings.json beside the program, appsettings.{environment}.json,
/// the file named by <c>--settings FILE</c>, environment variables (<c>Relay__Section__Key</c>), then the command line.
/// </summary>
internal static class RelayConfiguration
{
    public static IConfigurationRoot Build(
        IReadOnlyList<string> configArguments, string? settingsFile, Action<IConfigurationBuilder>? overrides = null, bool includeEnvironment = true)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false);
        if (settingsFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(settingsFile), optional: false, reloadOnChange: false);
        }

        if (includeEnvironment)
        {
            builder.AddEnvironmentVariables();
        }

        builder.AddCommandLine(configArguments.ToArray());
        overrides?.Invoke(builder);
        return builder.Build();
    }
}

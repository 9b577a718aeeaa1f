using Microsoft.Extensions.Configuration;
using Relay.Configuration;

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
            var path = Path.GetFullPath(settingsFile);
            builder.AddJsonFile(File.Exists(path) ? path : throw new SettingsException($"--settings {settingsFile}: no such file ({path})."),
                optional: false, reloadOnChange: false);
        }

        if (includeEnvironment)
        {
            builder.AddEnvironmentVariables();
        }

        builder.AddCommandLine(configArguments.ToArray());
        overrides?.Invoke(builder);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            // The JSON parser's own message says which line and position; the outer one says which file.
            throw new SettingsException($"{ex.Message} {ex.GetBaseException().Message}", ex);
        }
    }
}

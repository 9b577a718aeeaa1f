using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Configuration;

namespace Relay.Hosting;

/// <summary>
/// Says at start-up what this server will do with mail: where its data is, how and where it delivers, and which
/// domain signs; the listeners say where they listen as they bind. A provider domain left at its default is a warning,
/// because no resolver outside this machine can find keys under it.
/// </summary>
internal sealed partial class StartupSummary(LoadedSettings settings, ILogger<StartupSummary> logger) : IHostedService
{
    public const string DefaultProviderDomain = "relay.localhost";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var relay = settings.Relay;
        LogDataFolder(logger, settings.DataDirectory);
        var destination = Destination(settings);
        LogDelivery(logger, relay.Delivery.Mode, destination);
        var keyZone = relay.KeyZone.Enabled ? $"{settings.KeyZone.Zone} on {settings.KeyZone.EndPoint}" : $"{settings.KeyZone.Zone} (not served here)";
        LogProvider(logger, relay.Provider.Domain, relay.Provider.Selector, keyZone);
        if (string.Equals(relay.Provider.Domain, DefaultProviderDomain, StringComparison.OrdinalIgnoreCase))
        {
            LogDefaultProviderDomain(logger, DefaultProviderDomain);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>"smarthost mail.example.net:587 (StartTlsWhenAvailable)" or "MX lookup, port 25".</summary>
    public static string Destination(LoadedSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var delivery = settings.Relay.Delivery;
        if (delivery.Routing == DeliveryRouting.Mx)
        {
            return $"MX lookup for each recipient domain, port {delivery.MxPort}";
        }

        var hop = settings.NextHop;
        var host = IPAddress.TryParse(hop.Host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{hop.Host}]"
            : hop.Host;
        return $"smarthost {host}:{hop.Port} ({hop.TlsMode}{(hop.UserName is { Length: > 0 } ? ", AUTH as " + hop.UserName : string.Empty)})";
    }

    [LoggerMessage(EventId = 8600, Level = LogLevel.Information, Message = "Data folder {DataFolder}")]
    private static partial void LogDataFolder(ILogger logger, string dataFolder);

    [LoggerMessage(EventId = 8601, Level = LogLevel.Information, Message = "Delivery: {Mode} mode, to {Destination}")]
    private static partial void LogDelivery(ILogger logger, DeliveryMode mode, string destination);

    [LoggerMessage(EventId = 8602, Level = LogLevel.Information, Message = "Provider signature d={ProviderDomain} s={Selector}; DKIM key zone {KeyZone}")]
    private static partial void LogProvider(ILogger logger, string providerDomain, string selector, string keyZone);

    [LoggerMessage(EventId = 8603, Level = LogLevel.Warning,
        Message = "Relay:Provider:Domain is still the default {ProviderDomain}: no resolver outside this machine finds its keys, so receivers cannot verify the provider signature or Easy DKIM CNAMEs; set it to a domain you control")]
    private static partial void LogDefaultProviderDomain(ILogger logger, string providerDomain);
}

using System.Net;
using Relay.Dns;

namespace Relay.Configuration;

/// <summary>Turns <c>Relay:KeyZone</c> into the DNS library's options, validated.</summary>
internal static class KeyZoneOptions
{
    public static DkimZoneOptions From(KeyZoneSettings settings, string providerDomain)
    {
        var zone = string.IsNullOrWhiteSpace(settings.Zone) ? $"dkim.{providerDomain}" : settings.Zone.Trim().TrimEnd('.').ToLowerInvariant();
        var options = new DkimZoneOptions
        {
            Zone = zone,
            EndPoint = SettingsLoader.ParseEndPoint(settings.Listen, "Relay:KeyZone:Listen") ?? new IPEndPoint(IPAddress.Any, DkimZoneOptions.DefaultPort),
            HostmasterEmail = string.IsNullOrWhiteSpace(settings.HostmasterEmail) ? null : settings.HostmasterEmail,
            Ttl = settings.Ttl,
            MaxTcpConnections = settings.MaxTcpConnections,
            MaxTcpConnectionsPerClient = settings.MaxTcpConnectionsPerClient,
            TcpIdleTimeout = settings.TcpIdleTimeout,
            TcpQueryTimeout = settings.TcpQueryTimeout,
            MaxQueriesPerTcpConnection = settings.MaxQueriesPerTcpConnection,
            ResponseRateLimit = settings.ResponseRateLimit,
        };
        foreach (var nameServer in settings.NameServers)
        {
            options.NameServers.Add(nameServer);
        }

        foreach (var address in settings.NameServerAddresses)
        {
            options.NameServerAddresses.Add(IPAddress.TryParse(address, out var parsed)
                ? parsed
                : throw new SettingsException($"Relay:KeyZone:NameServerAddresses '{address}' is not an IP address."));
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new SettingsException($"Relay:KeyZone: {ex.Message}", ex);
        }

        return options;
    }
}

using System.Net;
using Relay.Dns;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;

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
            Tsig = TsigKeyFrom(settings.Tsig),
            TsigFudge = settings.Tsig.Fudge,
            SerialCheckInterval = settings.SerialCheckInterval,
            NotifyTimeout = settings.NotifyTimeout,
            NotifyAttempts = settings.NotifyAttempts,
            TransferTimeout = settings.TransferTimeout,
            MaxTransferMessageSize = settings.MaxTransferMessageSize,
        };
        foreach (var secondary in settings.Secondaries)
        {
            options.Secondaries.Add(SecondaryFrom(secondary));
        }

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
            throw new SettingsException(OneLine(ex), ex);
        }

        return options;
    }

    /// <summary>
    /// "Relay:KeyZone:NotifyAttempts must be …" for the options' "DkimZoneOptions.NotifyAttempts must be … (Parameter …)";
    /// other messages keep their words after "Relay:KeyZone: ".
    /// </summary>
    private static string OneLine(ArgumentException exception)
    {
        var prefix = $"DkimZoneOptions.{exception.ParamName} ";
        var suffix = $" (Parameter '{exception.ParamName}')";
        var message = exception.Message.EndsWith(suffix, StringComparison.Ordinal) ? exception.Message[..^suffix.Length] : exception.Message;
        if (exception.ParamName is null || !message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return $"Relay:KeyZone: {message}";
        }

        var setting = exception.ParamName switch
        {
            nameof(DkimZoneOptions.TsigFudge) => "Tsig:Fudge",
            nameof(DkimZoneOptions.Tsig) => "Tsig:KeyName",
            _ => exception.ParamName,
        };
        return $"Relay:KeyZone:{setting} {message[prefix.Length..]}";
    }

    private static SecondaryServer SecondaryFrom(KeyZoneSecondarySettings secondary)
    {
        if (!IPAddress.TryParse(secondary.Address?.Trim(), out var address))
        {
            throw new SettingsException($"Relay:KeyZone:Secondaries: Address '{secondary.Address}' is not an IP address.");
        }

        if (secondary.NotifyPort is < 1 or > 65535)
        {
            throw new SettingsException($"Relay:KeyZone:Secondaries: NotifyPort of {address} must be from 1 to 65535 (was {secondary.NotifyPort}).");
        }

        return new SecondaryServer(address, secondary.NotifyPort);
    }

    /// <summary>Null when no key name is set; then <c>Relay:KeyZone:Secondaries</c> must be empty (checked by the options).</summary>
    private static TsigKey? TsigKeyFrom(KeyZoneTsigSettings tsig)
    {
        if (string.IsNullOrWhiteSpace(tsig.KeyName))
        {
            return string.IsNullOrWhiteSpace(tsig.Secret) && string.IsNullOrWhiteSpace(tsig.SecretFile)
                ? null
                : throw new SettingsException("Relay:KeyZone:Tsig:KeyName must be set when a Secret or SecretFile is.");
        }

        if (!string.Equals(tsig.Algorithm?.Trim(), TsigKey.HmacSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new SettingsException($"Relay:KeyZone:Tsig:Algorithm must be {TsigKey.HmacSha256} (was '{tsig.Algorithm}').");
        }

        var hasSecret = !string.IsNullOrWhiteSpace(tsig.Secret);
        var hasFile = !string.IsNullOrWhiteSpace(tsig.SecretFile);
        if (hasSecret == hasFile)
        {
            throw new SettingsException("Relay:KeyZone:Tsig: set exactly one of Secret and SecretFile.");
        }

        var setting = hasSecret ? "Relay:KeyZone:Tsig:Secret" : "Relay:KeyZone:Tsig:SecretFile";
        string text;
        try
        {
            text = hasSecret ? tsig.Secret : File.ReadAllText(tsig.SecretFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"{setting} '{tsig.SecretFile}' cannot be read: {exception.Message}", exception);
        }

        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(hasSecret ? text.Trim() : TsigSecretText.Base64Of(text));
        }
        catch (FormatException exception)
        {
            throw new SettingsException($"{setting} is not base64.", exception);
        }

        try
        {
            return new TsigKey(tsig.KeyName, secret);
        }
        catch (ArgumentException exception)
        {
            var name = exception.ParamName == "name" ? "Relay:KeyZone:Tsig:KeyName" : setting;
            throw new SettingsException($"{name}: {exception.Message}", exception);
        }
    }
}

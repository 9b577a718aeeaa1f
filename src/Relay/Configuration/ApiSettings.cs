using System.Net;
using System.Text.RegularExpressions;
using Relay.Api;

namespace Relay.Configuration;

/// <summary>
/// The SES-compatible HTTP API (<c>Relay:Api</c>): where it listens, whether over HTTPS, the SigV4 region, and its
/// limits (defaults and meaning on <see cref="SesApiOptions"/>, which they are copied onto).
/// </summary>
public sealed partial class ApiSettings
{
    /// <summary><c>address:port</c>; empty turns the API (and /health, /metrics, /confirm-email) off. Loopback by default.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:8025";

    /// <summary>Serve HTTPS with the SMTP listeners' certificate (<c>Relay:Tls</c>).</summary>
    public bool Https { get; set; }

    /// <summary>The region clients sign for (their credential scope), and for which SES SMTP passwords are derived.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Accept signatures scoped to any region; SMTP passwords still use <see cref="Region"/>.</summary>
    public bool AcceptAnyRegion { get; set; }

    /// <summary><see cref="SesApiOptions.MaxConcurrentBodyReads"/>.</summary>
    public int MaxConcurrentBodyReads { get; set; } = new SesApiOptions().MaxConcurrentBodyReads;

    /// <summary><see cref="SesApiOptions.MaxBufferedBodyBytes"/>.</summary>
    public long MaxBufferedBodyBytes { get; set; } = new SesApiOptions().MaxBufferedBodyBytes;

    /// <summary><see cref="SesApiOptions.MaxConnections"/>.</summary>
    public int MaxConnections { get; set; } = new SesApiOptions().MaxConnections;

    /// <summary><see cref="SesApiOptions.MaxConnectionsPerAddress"/>.</summary>
    public int MaxConnectionsPerAddress { get; set; } = new SesApiOptions().MaxConnectionsPerAddress;

    /// <summary><see cref="SesApiOptions.RequestHeadersTimeout"/>.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = new SesApiOptions().RequestHeadersTimeout;

    /// <summary><see cref="SesApiOptions.KeepAliveTimeout"/>.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = new SesApiOptions().KeepAliveTimeout;

    /// <summary><see cref="SesApiOptions.MinRequestBodyDataRate"/>.</summary>
    public double MinRequestBodyDataRate { get; set; } = new SesApiOptions().MinRequestBodyDataRate;

    /// <summary><see cref="SesApiOptions.MinDataRateGracePeriod"/>.</summary>
    public TimeSpan MinDataRateGracePeriod { get; set; } = new SesApiOptions().MinDataRateGracePeriod;

    /// <summary><see cref="SesApiOptions.MaxConfirmationMailsPerAccount"/>.</summary>
    public int MaxConfirmationMailsPerAccount { get; set; } = new SesApiOptions().MaxConfirmationMailsPerAccount;

    /// <summary><see cref="SesApiOptions.ConfirmationMailAccountWindow"/>.</summary>
    public TimeSpan ConfirmationMailAccountWindow { get; set; } = new SesApiOptions().ConfirmationMailAccountWindow;

    /// <summary><see cref="SesApiOptions.MaxConfirmationMailsPerAddress"/>.</summary>
    public int MaxConfirmationMailsPerAddress { get; set; } = new SesApiOptions().MaxConfirmationMailsPerAddress;

    /// <summary><see cref="SesApiOptions.ConfirmationMailAddressWindow"/>.</summary>
    public TimeSpan ConfirmationMailAddressWindow { get; set; } = new SesApiOptions().ConfirmationMailAddressWindow;

    /// <summary>The endpoint, or null when turned off; throws <see cref="SettingsException"/> naming the bad setting.</summary>
    public IPEndPoint? Validate()
    {
        if (!RegionPattern().IsMatch(Region))
        {
            throw new SettingsException($"Relay:Api:Region '{Region}' is not a region name such as us-east-1.");
        }

        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            return null;
        }

        return Endpoint.Contains(':', StringComparison.Ordinal) && IPEndPoint.TryParse(Endpoint, out var endPoint)
            ? endPoint
            : throw new SettingsException($"Relay:Api:Endpoint '{Endpoint}' is not an address:port such as 127.0.0.1:8025.");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex RegionPattern();
}

using System.Net;
using System.Text.RegularExpressions;

namespace Relay.Configuration;

/// <summary>The SES-compatible HTTP API (<c>Relay:Api</c>): where it listens, whether over HTTPS, and the SigV4 region.</summary>
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

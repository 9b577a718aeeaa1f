using System.Net;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Ingestion;
using Relay.Dns;
using Relay.Delivery;
using Relay.Smtp;

namespace Relay.Configuration;

/// <summary>Every setting, bound and validated, with relative paths resolved.</summary>
public sealed record LoadedSettings(
    RelaySettings Relay,
    SmtpServerOptions Smtp,
    NextHopOptions NextHop,
    SigningOptions Signing,
    string DataDirectory,
    IPEndPoint? SubmissionEndPoint,
    IPEndPoint? ImplicitTlsEndPoint,
    IReadOnlyList<IPNetwork> TrustedNetworks)
{
    /// <summary>The identity lifecycle (<c>Relay:Identities</c>), with the provider's DKIM zone filled in.</summary>
    public IdentityLifecycleOptions Identities { get; init; } = new();

    /// <summary>The DKIM key zone; its responder runs only when <c>Relay:KeyZone:Enabled</c>.</summary>
    public DkimZoneOptions KeyZone { get; init; } = new();

    /// <summary>The resolver for DNS checks; null for the system's.</summary>
    public IPEndPoint? DnsResolver { get; init; }

    /// <summary>Where the web console listens; null when it is off (<c>Relay:Console:Listen</c> empty).</summary>
    public IPEndPoint? ConsoleEndPoint { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "relay.db");

    public string TemporaryDirectory => Path.Combine(DataDirectory, "tmp");

    public string ProviderKeyPath => string.IsNullOrEmpty(Relay.Provider.PrivateKeyPath)
        ? Path.Combine(DataDirectory, "keys", $"provider-{Relay.Provider.Selector}.pem")
        : Path.GetFullPath(Relay.Provider.PrivateKeyPath);

    public string ProviderEd25519KeyPath => string.IsNullOrEmpty(Relay.Provider.Ed25519PrivateKeyPath)
        ? Path.Combine(DataDirectory, "keys", $"provider-{Relay.Provider.Ed25519Selector}.ed25519.pem")
        : Path.GetFullPath(Relay.Provider.Ed25519PrivateKeyPath);

    public string GeneratedCertificatePath => Path.Combine(DataDirectory, "tls", "smtp-selfsigned.pfx");
}

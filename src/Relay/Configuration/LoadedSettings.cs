using System.Net;
using Relay.Core.Ingestion;
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
    public string DatabasePath => Path.Combine(DataDirectory, "relay.db");

    public string TemporaryDirectory => Path.Combine(DataDirectory, "tmp");

    public string ProviderKeyPath => string.IsNullOrEmpty(Relay.Provider.PrivateKeyPath)
        ? Path.Combine(DataDirectory, "keys", $"provider-{Relay.Provider.Selector}.pem")
        : Path.GetFullPath(Relay.Provider.PrivateKeyPath);

    public string GeneratedCertificatePath => Path.Combine(DataDirectory, "tls", "smtp-selfsigned.pfx");
}

using System.Security.Cryptography.X509Certificates;

namespace Relay.Smtp;

/// <summary>No certificate: STARTTLS is not advertised and implicit-TLS connections are closed.</summary>
public sealed class NoServerCertificate : IServerCertificateProvider
{
    /// <inheritdoc />
    public X509Certificate2? GetCertificate() => null;
}

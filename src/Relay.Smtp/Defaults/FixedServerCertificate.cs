using System.Security.Cryptography.X509Certificates;

namespace Relay.Smtp;

/// <summary>Always the same certificate (which must hold its private key).</summary>
public sealed class FixedServerCertificate : IServerCertificateProvider
{
    private readonly X509Certificate2 _certificate;

    /// <summary>Serves <paramref name="certificate"/>.</summary>
    public FixedServerCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The server certificate must have its private key.", nameof(certificate));
        }

        _certificate = certificate;
    }

    /// <inheritdoc />
    public X509Certificate2? GetCertificate() => _certificate;
}

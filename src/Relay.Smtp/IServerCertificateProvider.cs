using System.Security.Cryptography.X509Certificates;

namespace Relay.Smtp;

/// <summary>Supplies the server's TLS certificate; asked at EHLO, STARTTLS and every handshake, so it may change at run time.</summary>
public interface IServerCertificateProvider
{
    /// <summary>
    /// The certificate with its private key, or null when none is available: then STARTTLS is not advertised
    /// and connections to implicit-TLS endpoints are closed.
    /// </summary>
    X509Certificate2? GetCertificate();
}

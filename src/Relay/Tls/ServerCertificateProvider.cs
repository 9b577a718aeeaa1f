using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Hosting;
using Relay.Smtp;

namespace Relay.Tls;

/// <summary>
/// The certificate for STARTTLS and implicit TLS: the configured one, or a self-signed one that is
/// generated once into the data folder and reused on later starts.
/// </summary>
internal sealed partial class ServerCertificateProvider : IServerCertificateProvider, IDisposable
{
    private readonly X509Certificate2 _certificate;

    public ServerCertificateProvider(LoadedSettings settings, TimeProvider timeProvider, ILogger<ServerCertificateProvider> logger)
    {
        var tls = settings.Relay.Tls;
        _certificate = string.IsNullOrEmpty(tls.CertificatePath)
            ? LoadOrCreateSelfSigned(settings.GeneratedCertificatePath, settings.Smtp.ServerName, timeProvider, logger)
            : LoadConfigured(tls);
    }

    public X509Certificate2 GetCertificate() => _certificate;

    public void Dispose() => _certificate.Dispose();

    private static X509Certificate2 LoadConfigured(TlsSettings tls)
    {
        try
        {
            var extension = Path.GetExtension(tls.CertificatePath);
            if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
            }

            if (string.IsNullOrEmpty(tls.PrivateKeyPath))
            {
                throw new SettingsException("Relay:Tls:PrivateKeyPath must be set for a PEM certificate.");
            }

            // Round-trip through PKCS#12 so SslStream gets a key it can use on every platform.
            using var pem = X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.PrivateKeyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"Relay:Tls:CertificatePath '{tls.CertificatePath}' could not be loaded: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 LoadOrCreateSelfSigned(string path, string serverName, TimeProvider timeProvider, ILogger logger)
    {
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }

        Core.Storage.OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={serverName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(serverName);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = timeProvider.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        var pfx = created.Export(X509ContentType.Pkcs12);
        SecretFile.WriteAllBytes(path, pfx);
        LogGenerated(logger, path, serverName);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "No TLS certificate configured (Relay:Tls:CertificatePath); generated a self-signed one for {ServerName} at {Path}")]
    private static partial void LogGenerated(ILogger logger, string path, string serverName);
}

namespace Relay.Configuration;

/// <summary>The SMTP server certificate (<c>Relay:Tls</c>). Empty paths: a self-signed certificate is generated into the data folder.</summary>
public sealed class TlsSettings
{
    /// <summary>PEM certificate (chain) file, or a PKCS#12 (.pfx/.p12) file.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>PEM private key file for a PEM certificate.</summary>
    public string PrivateKeyPath { get; set; } = string.Empty;

    /// <summary>Password of a PKCS#12 file, if it has one.</summary>
    public string CertificatePassword { get; set; } = string.Empty;
}

namespace Relay.Core.Identities.Lifecycle;

/// <summary>Makes and imports DKIM RSA keys.</summary>
public interface IDkimKeyFactory
{
    /// <summary>A new key pair of <paramref name="length"/> published under <paramref name="selector"/>.</summary>
    SigningKey Generate(string selector, DkimKeyLength length);

    /// <summary>
    /// The customer's key (PEM, or base64 DER in PKCS#1 or PKCS#8 as SES takes it). Throws
    /// <see cref="IdentityOperationException"/> for anything that is not an RSA private key of 1024 to 4096 bits.
    /// </summary>
    SigningKey Import(string selector, string privateKey);
}

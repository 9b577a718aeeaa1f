using System.Security.Cryptography;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>DKIM keys with .NET's RSA (OpenSSL on Linux), kept as PKCS#8 PEM.</summary>
public sealed class RsaDkimKeyFactory : IDkimKeyFactory
{
    /// <summary>RFC 8301: verifiers must accept 1024 to 4096 bits; smaller keys are refused.</summary>
    public const int MinimumBits = 1024;

    public const int MaximumBits = 4096;

    public SigningKey Generate(string selector, DkimKeyLength length)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        using var rsa = RSA.Create((int)length);
        return new SigningKey(selector, rsa.ExportPkcs8PrivateKeyPem(), rsa.KeySize);
    }

    public SigningKey Import(string selector, string privateKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        if (string.IsNullOrWhiteSpace(privateKey))
        {
            throw Invalid("The DKIM private key is empty.");
        }

        using var rsa = RSA.Create();
        try
        {
            if (privateKey.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(privateKey);
            }
            else
            {
                ImportDer(rsa, Convert.FromBase64String(string.Concat(privateKey.Where(c => !char.IsWhiteSpace(c)))));
            }

            if (rsa.KeySize is < MinimumBits or > MaximumBits)
            {
                throw Invalid($"The DKIM private key has {rsa.KeySize} bits; {MinimumBits} to {MaximumBits} are accepted.");
            }

            // Throws for a public key given in place of a private one.
            return new SigningKey(selector, rsa.ExportPkcs8PrivateKeyPem(), rsa.KeySize);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            throw Invalid("The DKIM private key is not an RSA private key in PEM or base64 DER (PKCS#1 or PKCS#8).");
        }
    }

    private static void ImportDer(RSA rsa, byte[] der)
    {
        try
        {
            rsa.ImportPkcs8PrivateKey(der, out _);
        }
        catch (CryptographicException)
        {
            rsa.ImportRSAPrivateKey(der, out _);
        }
    }

    private static IdentityOperationException Invalid(string message) => new(IdentityErrorKind.InvalidParameter, message);
}

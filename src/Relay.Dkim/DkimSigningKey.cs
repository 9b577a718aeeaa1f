
namespace Relay.Dkim;

/// <summary>
/// A private key a DKIM signature can be made with: RSA (<see cref="DkimPrivateKey"/>, rsa-sha256) or Ed25519
/// (<see cref="DkimEd25519Key"/>, ed25519-sha256, RFC 8463). Never log <see cref="ToPem"/>.
/// </summary>
public abstract class DkimSigningKey
{
    private protected DkimSigningKey()
    {
    }

    /// <summary>The <c>p=</c> of the DNS record: base64 of the public key in the form the algorithm's RFC gives.</summary>
    public abstract string PublicKeyBase64 { get; }

    /// <summary>The <c>a=</c> tag's value: <c>rsa-sha256</c> or <c>ed25519-sha256</c>.</summary>
    internal abstract string AlgorithmTag { get; }

    /// <summary>Signs the SHA-256 <paramref name="digest"/> of the canonical header data, as the algorithm's RFC says.</summary>
    internal abstract byte[] SignSha256Digest(byte[] digest);

    /// <summary>The private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public abstract string ToPem();

    /// <summary>The value of the TXT record at <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</summary>
    public abstract string ToDnsTxtRecord();

    /// <summary>A key as <see cref="ToPem"/> wrote it: Ed25519 when the PKCS#8 says so, else RSA as <see cref="DkimPrivateKey.FromPem"/> reads it.</summary>
    /// <exception cref="DkimKeyException">The text is neither.</exception>
    public static DkimSigningKey ReadPem(string pem) =>
        DkimEd25519Key.IsEd25519Pem(pem) ? DkimEd25519Key.FromText(pem) : DkimPrivateKey.FromPem(pem);
}

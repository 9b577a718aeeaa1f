using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace Relay.Dkim;

/// <summary>
/// An RSA private key for DKIM signing, validated on creation: RSA only, between
/// <see cref="MinimumKeySizeBits"/> and <see cref="MaximumKeySizeBits"/> bits, internally consistent.
/// The key never changes; it keeps imported signing instances for reuse. Never log <see cref="ToPem"/>.
/// </summary>
public sealed class DkimPrivateKey : DkimSigningKey
{
    /// <summary>Smallest accepted modulus (RFC 8301 forbids shorter RSA keys for DKIM).</summary>
    public const int MinimumKeySizeBits = 1024;

    /// <summary>Largest accepted modulus; longer keys do not fit comfortably in a DNS TXT record.</summary>
    public const int MaximumKeySizeBits = 4096;

    private readonly System.Collections.Concurrent.ConcurrentBag<RSA> _signers = [];

    private DkimPrivateKey(RsaPrivateCrtKeyParameters parameters)
    {
        Parameters = parameters;
        // Built from the structures directly: wrapping the modulus in RsaKeyParameters again
        // would repeat BouncyCastle's Miller-Rabin check of it for nothing.
        var publicKey = new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
            new RsaPublicKeyStructure(parameters.Modulus, parameters.PublicExponent));
        PublicKeyBase64 = Convert.ToBase64String(publicKey.GetDerEncoded());
        Pkcs8Der = PrivateKeyInfoFactory.CreatePrivateKeyInfo(parameters).GetDerEncoded();
    }

    /// <summary>The length of the RSA modulus in bits.</summary>
    public int KeySizeBits => Parameters.Modulus.BitLength;

    /// <summary>The public key as base64 of its DER SubjectPublicKeyInfo, the <c>p=</c> of the DNS record.</summary>
    public override string PublicKeyBase64 { get; }

    internal override string AlgorithmTag => "rsa-sha256";

    internal RsaPrivateCrtKeyParameters Parameters { get; }

    /// <summary>The key as PKCS#8 DER.</summary>
    internal byte[] Pkcs8Der { get; }

    /// <summary>
    /// RSASSA-PKCS1-v1_5 over a SHA-256 hash with .NET's RSA (OpenSSL). Importing the key costs more than the signature
    /// itself, so imported instances are kept and reused; each serves one signature at a time, because .NET does not
    /// promise that one RSA instance may sign on several threads at once.
    /// </summary>
    internal override byte[] SignSha256Digest(byte[] digest)
    {
        if (!_signers.TryTake(out var rsa))
        {
            rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Pkcs8Der, out _);
        }

        try
        {
            return rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        finally
        {
            _signers.Add(rsa);
        }
    }

    /// <summary>
    /// Reads a private key from PEM (PKCS#1 <c>RSA PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c>)
    /// or from base64-encoded DER of either form.
    /// </summary>
    /// <exception cref="DkimKeyException">The text is not such a key or the key breaks the policy.</exception>
    public static DkimPrivateKey FromPem(string pemOrBase64Der)
    {
        ArgumentNullException.ThrowIfNull(pemOrBase64Der);
        return new DkimPrivateKey(DkimKeyReader.Read(pemOrBase64Der));
    }

    /// <summary>Generates a new RSA key of <paramref name="bits"/> bits (1024 or 2048 usually; up to 4096).</summary>
    /// <exception cref="DkimKeyException">The size is outside the policy or not a multiple of 8.</exception>
    public static DkimPrivateKey Generate(int bits)
    {
        if (bits < MinimumKeySizeBits || bits > MaximumKeySizeBits || bits % 8 != 0)
        {
            throw new DkimKeyException(
                $"Cannot generate a {bits}-bit DKIM key: the size must be a multiple of 8 from {MinimumKeySizeBits} to {MaximumKeySizeBits} bits.");
        }

        using var rsa = RSA.Create(bits);
        return new DkimPrivateKey(DkimKeyReader.ReadDer(rsa.ExportPkcs8PrivateKey()));
    }

    /// <summary>The private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public override string ToPem()
    {
        return PemEncoding.WriteString("PRIVATE KEY", Pkcs8Der) + "\n";
    }

    /// <summary>The value of the TXT record at <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c>.</summary>
    public override string ToDnsTxtRecord() => $"v=DKIM1; k=rsa; p={PublicKeyBase64}";

    /// <summary>Describes the key without revealing it.</summary>
    public override string ToString() => $"RSA {KeySizeBits}-bit DKIM key";
}

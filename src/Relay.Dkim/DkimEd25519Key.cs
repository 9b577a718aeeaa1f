using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Relay.Dkim;

/// <summary>
/// An Ed25519 private key for ed25519-sha256 DKIM signatures (RFC 8463): the DNS record publishes the raw 32-octet
/// public key in base64 (<c>k=ed25519; p=…</c>), not a SubjectPublicKeyInfo as RSA does.
/// </summary>
public sealed class DkimEd25519Key : DkimSigningKey
{
    private const int SeedLength = 32;

    private readonly Ed25519PrivateKeyParameters _parameters;

    private DkimEd25519Key(Ed25519PrivateKeyParameters parameters)
    {
        _parameters = parameters;
        PublicKeyBase64 = Convert.ToBase64String(parameters.GeneratePublicKey().GetEncoded());
    }

    public override string PublicKeyBase64 { get; }

    internal override string AlgorithmTag => "ed25519-sha256";

    /// <summary>PureEdDSA over the SHA-256 digest itself (RFC 8463 section 3), by BouncyCastle; the parameters are immutable.</summary>
    internal override byte[] SignSha256Digest(byte[] digest)
    {
        var signature = new byte[Ed25519PrivateKeyParameters.SignatureSize];
        _parameters.Sign(Ed25519.Algorithm.Ed25519, null, digest, 0, digest.Length, signature, 0);
        return signature;
    }

    public static DkimEd25519Key Generate() => FromSeed(RandomNumberGenerator.GetBytes(SeedLength));

    /// <summary>
    /// Reads an Ed25519 private key from PKCS#8 PEM (<c>openssl genpkey -algorithm ed25519</c>), or from base64 of the
    /// raw 32-octet seed (RFC 8032's private key) or of PKCS#8 DER.
    /// </summary>
    /// <exception cref="DkimKeyException">The text is not such a key.</exception>
    public static DkimEd25519Key FromText(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DkimKeyException("The Ed25519 DKIM private key is empty.");
        }

        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            const string Label = "PRIVATE KEY";
            var pem = PemEncoding.Find(text);
            if (!text.AsSpan()[pem.Label].SequenceEqual(Label))
            {
                throw new DkimKeyException($"The Ed25519 key PEM block is '{text[pem.Label]}'; expected '{Label}' (PKCS#8).");
            }

            return FromPkcs8(Convert.FromBase64String(text[pem.Base64Data]));
        }

        byte[] octets;
        try
        {
            octets = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new DkimKeyException("The Ed25519 DKIM private key is neither PEM, nor base64 of a 32-octet seed or of PKCS#8 DER.", ex);
        }

        return octets.Length == SeedLength ? FromSeed(octets) : FromPkcs8(octets);
    }

    /// <summary>True when <paramref name="text"/> is a PKCS#8 PEM of an Ed25519 key (and not, say, of an RSA one).</summary>
    public static bool IsEd25519Pem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!PemEncoding.TryFind(text, out var pem) || !text.AsSpan()[pem.Label].SequenceEqual("PRIVATE KEY"))
        {
            return false;
        }

        try
        {
            return PrivateKeyInfo.GetInstance(Convert.FromBase64String(text[pem.Base64Data])).PrivateKeyAlgorithm.Algorithm.Equals(EdECObjectIdentifiers.id_Ed25519);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or IOException or FormatException)
        {
            return false;
        }
    }

    public override string ToPem() =>
        PemEncoding.WriteString("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(_parameters).GetDerEncoded()) + "\n";

    public override string ToDnsTxtRecord() => $"v=DKIM1; k=ed25519; p={PublicKeyBase64}";

    /// <summary>Describes the key without revealing it.</summary>
    public override string ToString() => "Ed25519 DKIM key";

    private static DkimEd25519Key FromSeed(byte[] seed) => new(new Ed25519PrivateKeyParameters(seed));

    private static DkimEd25519Key FromPkcs8(byte[] der)
    {
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(der);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or IOException)
        {
            throw new DkimKeyException("The Ed25519 PKCS#8 private key is malformed: " + ex.Message, ex);
        }

        if (!info.PrivateKeyAlgorithm.Algorithm.Equals(EdECObjectIdentifiers.id_Ed25519))
        {
            throw new DkimKeyException($"The PKCS#8 key is of algorithm {info.PrivateKeyAlgorithm.Algorithm.Id}, not Ed25519 (1.3.101.112).");
        }

        return new DkimEd25519Key((Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(info));
    }
}

using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities.IO.Pem;

namespace Relay.Dkim;

/// <summary>Turns PEM or base64 DER text into a validated RSA private key, or says clearly why not.</summary>
internal static class DkimKeyReader
{
    private const string Pkcs1Label = "RSA PRIVATE KEY";
    private const string Pkcs8Label = "PRIVATE KEY";

    public static RsaPrivateCrtKeyParameters Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DkimKeyException("The DKIM private key is empty.");
        }

        return text.Contains("-----BEGIN", StringComparison.Ordinal) ? ReadPem(text) : ReadDer(DecodeBase64(text));
    }

    public static RsaPrivateCrtKeyParameters ReadDer(byte[] der)
    {
        // PKCS#8 wraps PKCS#1 in an AlgorithmIdentifier, so its second element is a SEQUENCE;
        // in PKCS#1 every element is an INTEGER. That tells the two apart without guessing.
        var sequence = ParseSequence(der, "base64 DER");
        return sequence.Count > 1 && sequence[1] is Asn1Sequence
            ? FromPkcs8(der)
            : FromPkcs1(der);
    }

    private static RsaPrivateCrtKeyParameters ReadPem(string text)
    {
        PemObject? pem;
        try
        {
            using var reader = new PemReader(new StringReader(text));
            pem = reader.ReadPemObject();
        }
        catch (Exception ex) when (ex is IOException or FormatException or ArgumentException)
        {
            throw new DkimKeyException("The DKIM private key PEM is malformed: " + ex.Message, ex);
        }

        if (pem is null)
        {
            throw new DkimKeyException("The DKIM private key PEM has no complete -----BEGIN/-----END block.");
        }

        return pem.Type switch
        {
            Pkcs1Label => FromPkcs1(pem.Content),
            Pkcs8Label => FromPkcs8(pem.Content),
            "ENCRYPTED PRIVATE KEY" => throw new DkimKeyException(
                "The DKIM private key is encrypted; store it unencrypted (openssl pkey -in key.pem -out plain.pem)."),
            "EC PRIVATE KEY" or "EC PARAMETERS" => throw NotRsa("an EC key"),
            "PUBLIC KEY" or "RSA PUBLIC KEY" => throw new DkimKeyException(
                "The PEM holds a public key; DKIM signing needs the private key."),
            _ => throw new DkimKeyException(
                $"The PEM block is '{pem.Type}'; expected '{Pkcs8Label}' (PKCS#8) or '{Pkcs1Label}' (PKCS#1)."),
        };
    }

    private static byte[] DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new DkimKeyException(
                "The DKIM private key is neither PEM (-----BEGIN PRIVATE KEY-----) nor base64-encoded DER.", ex);
        }
    }

    private static RsaPrivateCrtKeyParameters FromPkcs8(byte[] der)
    {
        PrivateKeyInfo info;
        try
        {
            info = PrivateKeyInfo.GetInstance(ParseSequence(der, "PKCS#8"));
        }
        catch (ArgumentException ex)
        {
            throw new DkimKeyException("The PKCS#8 private key is malformed: " + ex.Message, ex);
        }

        var algorithm = info.PrivateKeyAlgorithm.Algorithm;
        if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            throw NotRsa("an EC key");
        }

        if (!algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            throw NotRsa($"a key of algorithm {algorithm.Id}");
        }

        return FromPkcs1(info.PrivateKey.GetOctets());
    }

    private static RsaPrivateCrtKeyParameters FromPkcs1(byte[] der)
    {
        RsaPrivateKeyStructure rsa;
        try
        {
            rsa = RsaPrivateKeyStructure.GetInstance(ParseSequence(der, "PKCS#1"));
        }
        catch (ArgumentException ex)
        {
            throw new DkimKeyException("The PKCS#1 RSA private key is malformed: " + ex.Message, ex);
        }

        Validate(rsa);
        try
        {
            return new RsaPrivateCrtKeyParameters(
                rsa.Modulus, rsa.PublicExponent, rsa.PrivateExponent,
                rsa.Prime1, rsa.Prime2, rsa.Exponent1, rsa.Exponent2, rsa.Coefficient);
        }
        catch (ArgumentException ex)
        {
            // BouncyCastle's own modulus checks (e.g. a small prime factor).
            throw new DkimKeyException("The RSA private key is not usable: " + ex.Message, ex);
        }
    }

    private static void Validate(RsaPrivateKeyStructure rsa)
    {
        var bits = rsa.Modulus.BitLength;
        if (bits < DkimPrivateKey.MinimumKeySizeBits)
        {
            throw new DkimKeyException(
                $"The RSA key is {bits} bits; DKIM keys must be at least {DkimPrivateKey.MinimumKeySizeBits} bits (RFC 8301).");
        }

        if (bits > DkimPrivateKey.MaximumKeySizeBits)
        {
            throw new DkimKeyException(
                $"The RSA key is {bits} bits; Relay accepts DKIM keys of at most {DkimPrivateKey.MaximumKeySizeBits} bits.");
        }

        BigInteger[] positive = [rsa.PublicExponent, rsa.PrivateExponent, rsa.Exponent1, rsa.Exponent2, rsa.Coefficient];
        if (positive.Any(value => value.SignValue <= 0)
            || rsa.Prime1.CompareTo(BigInteger.One) <= 0 || rsa.Prime2.CompareTo(BigInteger.One) <= 0
            || !rsa.Prime1.Multiply(rsa.Prime2).Equals(rsa.Modulus))
        {
            throw new DkimKeyException("The RSA private key is inconsistent: its primes do not multiply to its modulus, or a value is not positive.");
        }

        if (rsa.PublicExponent.CompareTo(BigInteger.Three) < 0 || !rsa.PublicExponent.TestBit(0))
        {
            throw new DkimKeyException($"The RSA public exponent {rsa.PublicExponent} is not a valid odd exponent of at least 3.");
        }

        // A damaged private exponent or CRT value would still parse and then sign garbage.
        var pMinusOne = rsa.Prime1.Subtract(BigInteger.One);
        var qMinusOne = rsa.Prime2.Subtract(BigInteger.One);
        var consistent = rsa.Exponent1.Equals(rsa.PrivateExponent.Mod(pMinusOne))
            && rsa.Exponent2.Equals(rsa.PrivateExponent.Mod(qMinusOne))
            && rsa.PublicExponent.Multiply(rsa.Exponent1).Mod(pMinusOne).Equals(BigInteger.One)
            && rsa.PublicExponent.Multiply(rsa.Exponent2).Mod(qMinusOne).Equals(BigInteger.One)
            && rsa.Coefficient.Multiply(rsa.Prime2).Mod(rsa.Prime1).Equals(BigInteger.One);
        if (!consistent)
        {
            throw new DkimKeyException(
                "The RSA private key is inconsistent: its private exponents do not match its primes and public exponent.");
        }
    }

    private static Asn1Sequence ParseSequence(byte[] der, string what)
    {
        try
        {
            return Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException)
        {
            throw new DkimKeyException($"The DKIM private key is not valid {what}: it does not decode as an ASN.1 sequence.", ex);
        }
    }

    private static DkimKeyException NotRsa(string what) =>
        new($"The DKIM private key is {what}; Relay signs with rsa-sha256 only and needs an RSA private key.");
}

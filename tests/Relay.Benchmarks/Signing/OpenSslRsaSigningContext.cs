using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Relay.Benchmarks.Signing;

/// <summary>
/// A prototype for the measurement only: BouncyCastle's <see cref="ISigner"/> shape over .NET's RSA, which is
/// OpenSSL on Linux, so MimeKit's DKIM signer can be timed with either RSA implementation.
/// </summary>
internal sealed class OpenSslRsaSigningContext(RSA key) : ISigner
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public string AlgorithmName => "SHA-256withRSA";

    public void Init(bool forSigning, ICipherParameters parameters)
    {
        // The key was given to the constructor.
    }

    public void Update(byte input) => _hash.AppendData([input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

    public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public int GetMaxSignatureSize() => key.KeySize / 8;

    public byte[] GenerateSignature() => key.SignHash(_hash.GetHashAndReset(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool VerifySignature(byte[] signature) =>
        key.VerifyHash(_hash.GetHashAndReset(), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Reset() => _hash.GetHashAndReset();
}

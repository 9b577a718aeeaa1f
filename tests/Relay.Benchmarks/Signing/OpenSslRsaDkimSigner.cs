using System.Security.Cryptography;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Relay.Benchmarks.Signing;

/// <summary>
/// A prototype for the measurement only: MimeKit's DKIM signer with the same policy as Relay's (rsa-sha256,
/// relaxed/simple) whose RSA is .NET's (OpenSSL) instead of BouncyCastle's, through the virtual CreateSigningContext.
/// </summary>
internal sealed class OpenSslRsaDkimSigner : DkimSigner
{
    private readonly RSA _key;

    // MimeKit wants a BouncyCastle key; CreateSigningContext below never uses it.
    public OpenSslRsaDkimSigner(RSA key, AsymmetricKeyParameter sameKeyForMimeKit, string domain, string selector)
        : base(sameKeyForMimeKit, domain, selector, DkimSignatureAlgorithm.RsaSha256)
    {
        _key = key;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple;
    }

    protected override ISigner CreateSigningContext() => new OpenSslRsaSigningContext(_key);
}

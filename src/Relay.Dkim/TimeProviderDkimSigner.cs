using MimeKit.Cryptography;

namespace Relay.Dkim;

/// <summary>
/// MimeKit's <see cref="DkimSigner"/> pinned to Relay's policy: rsa-sha256, relaxed header
/// and simple body canonicalisation (set explicitly: MimeKit's own default is simple/simple),
/// <c>t=</c> taken from a <see cref="TimeProvider"/>, and the RSA done by OpenSSL.
/// </summary>
internal sealed class TimeProviderDkimSigner : DkimSigner
{
    private readonly TimeProvider _timeProvider;
    private readonly DkimPrivateKey _key;

    public TimeProviderDkimSigner(DkimSignatureRequest request, TimeProvider timeProvider)
        : base(request.Key.Parameters, request.Domain, request.Selector, DkimSignatureAlgorithm.RsaSha256)
    {
        _timeProvider = timeProvider;
        _key = request.Key;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple;
    }

    protected override long GetTimestamp() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>RSA by OpenSSL instead of BouncyCastle: identical signatures, a fraction of the time.</summary>
    protected override Org.BouncyCastle.Crypto.ISigner CreateSigningContext() => new OpenSslRsaSigningContext(_key);
}

using MimeKit.Cryptography;

namespace Relay.Dkim;

/// <summary>
/// MimeKit's <see cref="DkimSigner"/> pinned to Relay's policy: rsa-sha256 (the RSA done by OpenSSL) or
/// ed25519-sha256 by the key's kind, relaxed header and simple body canonicalisation (set explicitly: MimeKit's own
/// default is simple/simple), <c>t=</c> taken from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TimeProviderDkimSigner : DkimSigner
{
    private readonly TimeProvider _timeProvider;
    private readonly DkimSigningKey _key;

    public TimeProviderDkimSigner(DkimSignatureRequest request, TimeProvider timeProvider)
        : base(request.Key.SigningParameters, request.Domain, request.Selector, request.Key.SignatureAlgorithm)
    {
        _timeProvider = timeProvider;
        _key = request.Key;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple;
    }

    protected override long GetTimestamp() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>RSA by OpenSSL instead of BouncyCastle: identical signatures, a fraction of the time. Ed25519 as MimeKit does it.</summary>
    protected override Org.BouncyCastle.Crypto.ISigner CreateSigningContext() =>
        _key is DkimPrivateKey rsa ? new OpenSslRsaSigningContext(rsa) : base.CreateSigningContext();
}

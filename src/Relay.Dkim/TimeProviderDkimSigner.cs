using MimeKit.Cryptography;

namespace Relay.Dkim;

/// <summary>
/// MimeKit's <see cref="DkimSigner"/> pinned to Relay's policy: rsa-sha256, relaxed header
/// and simple body canonicalisation (set explicitly: MimeKit's own default is simple/simple),
/// and <c>t=</c> taken from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TimeProviderDkimSigner : DkimSigner
{
    private readonly TimeProvider _timeProvider;

    public TimeProviderDkimSigner(DkimSignatureRequest request, TimeProvider timeProvider)
        : base(request.Key.Parameters, request.Domain, request.Selector, DkimSignatureAlgorithm.RsaSha256)
    {
        _timeProvider = timeProvider;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple;
    }

    protected override long GetTimestamp() => _timeProvider.GetUtcNow().ToUnixTimeSeconds();
}

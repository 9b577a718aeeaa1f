using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Dkim;

namespace Relay.Identities;

/// <summary>Ed25519 DKIM keys through Relay.Dkim, kept as PKCS#8 PEM with the raw public key beside them.</summary>
internal sealed class Ed25519DkimKeyFactory : IEd25519DkimKeyFactory
{
    /// <summary>The size DKIM reporting gives an Ed25519 key (the public key's 32 octets).</summary>
    public const int KeyBits = 256;

    public SigningKey Generate(string selector)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        return ToSigningKey(selector, DkimEd25519Key.Generate());
    }

    public SigningKey Import(string selector, string privateKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(selector);
        try
        {
            return ToSigningKey(selector, DkimEd25519Key.FromText(privateKey ?? string.Empty));
        }
        catch (DkimKeyException ex)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, ex.Message);
        }
    }

    private static SigningKey ToSigningKey(string selector, DkimEd25519Key key) =>
        new(selector, key.ToPem(), KeyBits) { Ed25519PublicKey = key.PublicKeyBase64 };
}

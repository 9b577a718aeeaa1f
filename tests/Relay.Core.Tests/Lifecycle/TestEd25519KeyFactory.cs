using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Dkim;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Ed25519 keys made with Relay.Dkim, as the host's factory makes them (which this project cannot see).</summary>
internal sealed class TestEd25519KeyFactory : IEd25519DkimKeyFactory
{
    public int Generated { get; private set; }

    public SigningKey Generate(string selector)
    {
        Generated++;
        return ToSigningKey(selector, DkimEd25519Key.Generate());
    }

    public SigningKey Import(string selector, string privateKey)
    {
        try
        {
            return ToSigningKey(selector, DkimEd25519Key.FromText(privateKey));
        }
        catch (DkimKeyException ex)
        {
            throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, ex.Message);
        }
    }

    private static SigningKey ToSigningKey(string selector, DkimEd25519Key key) =>
        new(selector, key.ToPem(), 256) { Ed25519PublicKey = key.PublicKeyBase64 };
}

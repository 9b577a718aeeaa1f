namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// Makes and imports Ed25519 DKIM keys (RFC 8463). The curve lives in the signing library, so the host supplies this;
/// the keys come back as <see cref="SigningKey"/>s with <see cref="SigningKey.Ed25519PublicKey"/> set.
/// </summary>
public interface IEd25519DkimKeyFactory
{
    /// <summary>A new key pair published under <paramref name="selector"/>.</summary>
    SigningKey Generate(string selector);

    /// <summary>
    /// The customer's key: PKCS#8 PEM, or base64 of the raw 32-octet seed or of PKCS#8 DER. Throws
    /// <see cref="IdentityOperationException"/> for anything that is not an Ed25519 private key.
    /// </summary>
    SigningKey Import(string selector, string privateKey);
}

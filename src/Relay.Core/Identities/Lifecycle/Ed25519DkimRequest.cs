namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// What to do with a domain's Ed25519 key: on by Easy DKIM (no selector, no key), on with the customer's key
/// (BYODKIM: <paramref name="Selector"/> and <paramref name="PrivateKey"/>, PKCS#8 PEM or base64 of the 32-octet seed),
/// or off.
/// </summary>
public sealed record Ed25519DkimRequest(bool Enabled, string? Selector = null, string? PrivateKey = null)
{
    /// <summary>Easy DKIM: Relay makes the key and serves it in its key zone.</summary>
    public static Ed25519DkimRequest Easy { get; } = new(true);

    /// <summary>No Ed25519 key: RSA only.</summary>
    public static Ed25519DkimRequest Off { get; } = new(false);
}

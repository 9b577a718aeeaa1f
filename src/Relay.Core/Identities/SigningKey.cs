using System.Text.Json.Serialization;

namespace Relay.Core.Identities;

/// <summary>
/// A domain's DKIM signing key: the selector it is published under and the private key (PKCS#8 PEM). RSA unless
/// <see cref="Ed25519PublicKey"/> is set.
/// </summary>
public sealed record SigningKey(string Selector, string PrivateKeyPem, int KeyBits)
{
    /// <summary>
    /// Ed25519 keys (RFC 8463): base64 of the raw 32-octet public key, the record's <c>p=</c>. Kept beside the private
    /// key because the lifecycle cannot derive it (the curve lives in the signing library); null for RSA.
    /// </summary>
    public string? Ed25519PublicKey { get; init; }

    /// <summary>True for an Ed25519 key.</summary>
    [JsonIgnore]
    public bool IsEd25519 => Ed25519PublicKey is not null;

    /// <summary>Keeps key material out of logs and exception messages.</summary>
    public override string ToString() =>
        IsEd25519 ? $"SigningKey {{ Selector = {Selector}, Ed25519 }}" : $"SigningKey {{ Selector = {Selector}, KeyBits = {KeyBits} }}";
}

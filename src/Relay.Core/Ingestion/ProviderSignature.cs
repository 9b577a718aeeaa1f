namespace Relay.Core.Ingestion;

/// <summary>
/// The provider's own signature, added to every message (d=provider domain): RSA (<see cref="Spec"/>), and when an
/// Ed25519 key is configured an ed25519-sha256 signature too (RFC 8463), placed above the RSA one.
/// </summary>
public sealed record ProviderSignature(SignatureSpec Spec)
{
    /// <summary>The provider's Ed25519 signature, under a selector of its own; null when none is configured.</summary>
    public SignatureSpec? Ed25519Spec { get; init; }

    /// <summary>The provider's signatures in the order they go on top of the message: Ed25519 (if any), then RSA.</summary>
    public IReadOnlyList<SignatureSpec> Specs => Ed25519Spec is { } ed25519 ? [ed25519, Spec] : [Spec];
}

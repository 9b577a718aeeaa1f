namespace Relay.Core.Identities;

/// <summary>What the identities of an account say about one sender address (the From, or a Sender, Return-Path or envelope sender).</summary>
/// <param name="AuthorizingIdentity">The most specific verified identity covering the address; null when none does.</param>
/// <param name="SigningDomain">The domain identity whose key signs the message; null when only the provider signs.</param>
/// <param name="Reason">Why the domain signature is or is not added, for the message log line.</param>
public sealed record IdentityResolution(Identity? AuthorizingIdentity, Identity? SigningDomain, string Reason)
{
    public bool IsAuthorized => AuthorizingIdentity is not null;

    /// <summary>
    /// The domain's Ed25519 key, signing above its RSA key: set only when the RSA key signs and the Ed25519 record
    /// verified (RFC 8463 dual signing).
    /// </summary>
    public SigningKey? Ed25519SigningKey => SigningDomain?.Ed25519 is { Signs: true } ed25519 ? ed25519.Key : null;
}

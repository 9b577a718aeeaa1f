namespace Relay.Core.Identities;

/// <summary>What the identities of an account say about one sender address (the From, or a Sender, Return-Path or envelope sender).</summary>
/// <param name="AuthorizingIdentity">The most specific verified identity covering the address; null when none does.</param>
/// <param name="SigningDomain">The domain identity whose key signs the message; null when only the provider signs.</param>
/// <param name="Reason">Why the domain signature is or is not added, for the message log line.</param>
public sealed record IdentityResolution(Identity? AuthorizingIdentity, Identity? SigningDomain, string Reason)
{
    public bool IsAuthorized => AuthorizingIdentity is not null;
}

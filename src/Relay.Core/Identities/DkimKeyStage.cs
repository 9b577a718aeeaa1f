namespace Relay.Core.Identities;

/// <summary>
/// Easy DKIM: a new key published behind <paramref name="Token"/>, one of the domain's three tokens, that does not sign
/// yet. Relay switches signing to it once <paramref name="SwitchAfter"/> has passed (resolvers' caches of the old record
/// have expired) and a lookup through the customer's CNAME returns its public key.
/// </summary>
public sealed record DkimKeyStage(string Token, DateTimeOffset Staged, DateTimeOffset SwitchAfter);

namespace Relay.Core.Identities;

/// <summary>
/// A new key set waiting for its DNS records (rotation, a new key length, or a switch between Easy DKIM and BYODKIM).
/// Relay keeps signing with the current keys until these verify, then switches.
/// </summary>
/// <param name="Origin">Easy DKIM or BYODKIM.</param>
/// <param name="Keys">Easy DKIM: three keys whose selectors are the tokens; BYODKIM: one.</param>
/// <param name="Check">The DNS checks of the new records.</param>
public sealed record DkimKeyChange(DkimSigningOrigin Origin, IReadOnlyList<SigningKey> Keys, DnsCheckState Check);

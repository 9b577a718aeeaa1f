using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>
/// The keys whose public halves Relay serves in its DKIM key zone for an identity, the rule both stores apply: Easy
/// DKIM keys current, pending and retired, and its Easy DKIM Ed25519 key; one per selector.
/// </summary>
internal static class PublishedDkimKeys
{
    public static IEnumerable<SigningKey> Of(Identity identity)
    {
        var current = identity.DkimOrigin == DkimSigningOrigin.AwsSes ? identity.DkimKeys : [];
        var pending = identity.PendingDkim is { Origin: DkimSigningOrigin.AwsSes } change ? change.Keys : [];
        var retired = identity.RetiredDkim?.Keys ?? [];
        var ed25519 = identity.Ed25519 is { Origin: DkimSigningOrigin.AwsSes } easy ? [easy.Key] : Array.Empty<SigningKey>();
        return current.Concat(pending).Concat(retired).Concat(ed25519).DistinctBy(key => key.Selector);
    }
}

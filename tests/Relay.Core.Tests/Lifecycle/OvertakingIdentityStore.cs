using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// A node's identity store on which another node always gets there first: before each compare-and-swap save it saves
/// the stored identity again unchanged (moving its version on), as a node changing it in a tight loop would.
/// </summary>
internal sealed class OvertakingIdentityStore(IIdentityStore inner) : ForwardingIdentityStore(inner)
{
    private int _attempts;

    /// <summary>How many compare-and-swap saves were tried.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public override async Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var stored = await Inner.FindIdentitiesAsync(identity.AccountId, [identity.Name], cancellationToken);
        if (stored.Count > 0)
        {
            Assert.That(await Inner.TrySaveIdentityAsync(stored[0], cancellationToken), Is.True, "set-up: the other node's save");
        }

        return await Inner.TrySaveIdentityAsync(identity, cancellationToken);
    }
}

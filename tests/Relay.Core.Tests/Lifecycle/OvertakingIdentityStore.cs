using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// A node's identity store on which another node always gets there first: before each compare-and-swap save it saves
/// the stored identity again unchanged (moving its version on), as a node changing it in a tight loop would.
/// </summary>
internal sealed class OvertakingIdentityStore(IIdentityStore inner) : IIdentityStore
{
    private int _attempts;

    /// <summary>How many compare-and-swap saves were tried.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public async Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var stored = await inner.FindIdentitiesAsync(identity.AccountId, [identity.Name], cancellationToken);
        if (stored.Count > 0)
        {
            Assert.That(await inner.TrySaveIdentityAsync(stored[0], cancellationToken), Is.True, "set-up: the other node's save");
        }

        return await inner.TrySaveIdentityAsync(identity, cancellationToken);
    }

    public Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken) => inner.TryAddIdentityAsync(identity, cancellationToken);

    public Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken) => inner.SaveIdentityAsync(identity, cancellationToken);

    public Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        inner.FindIdentitiesAsync(accountId, names, cancellationToken);

    public Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken) =>
        inner.ListIdentitiesAsync(accountId, cancellationToken);

    public Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken) =>
        inner.DeleteIdentityAsync(accountId, name, cancellationToken);

    public Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken) =>
        inner.ClaimIdentitiesDueAsync(now, claimedUntil, limit, cancellationToken);

    public Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken) => inner.NextCheckAsync(cancellationToken);

    public Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken) =>
        inner.FindEmailIdentityByTokenAsync(token, cancellationToken);
}

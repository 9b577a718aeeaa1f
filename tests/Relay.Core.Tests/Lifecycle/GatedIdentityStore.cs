using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>A node's identity store whose conditional saves (compare-and-swap, add-if-absent) pass a <see cref="SaveGate"/> first; everything else goes straight through.</summary>
internal sealed class GatedIdentityStore(IIdentityStore inner, SaveGate gate) : IIdentityStore
{
    public async Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await gate.WaitAsync();
        return await inner.TrySaveIdentityAsync(identity, cancellationToken);
    }

    public async Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken)
    {
        await gate.WaitAsync();
        return await inner.TryAddIdentityAsync(identity, cancellationToken);
    }

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

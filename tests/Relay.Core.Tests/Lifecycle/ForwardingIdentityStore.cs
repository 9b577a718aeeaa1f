using Relay.Core.Identities;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>An identity store that passes every call to another; the test doubles below override the saves they hold or race.</summary>
internal abstract class ForwardingIdentityStore(IIdentityStore inner) : IIdentityStore
{
    protected IIdentityStore Inner { get; } = inner;

    public virtual Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken) => Inner.SaveIdentityAsync(identity, cancellationToken);

    public virtual Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken) =>
        Inner.TrySaveIdentityAsync(identity, cancellationToken);

    public virtual Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken) =>
        Inner.TryAddIdentityAsync(identity, cancellationToken);

    public Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        Inner.FindIdentitiesAsync(accountId, names, cancellationToken);

    public Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken) =>
        Inner.ListIdentitiesAsync(accountId, cancellationToken);

    public Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken) =>
        Inner.DeleteIdentityAsync(accountId, name, cancellationToken);

    public Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken) =>
        Inner.ClaimIdentitiesDueAsync(now, claimedUntil, limit, cancellationToken);

    public Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken) => Inner.NextCheckAsync(cancellationToken);

    public Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken) =>
        Inner.FindEmailIdentityByTokenAsync(token, cancellationToken);
}

namespace Relay.Core.Identities;

/// <summary>Persistence of identities and their keys. Narrow so that a shared store can replace SQLite.</summary>
public interface IIdentityStore
{
    /// <summary>
    /// Adds or replaces the identity with the same account and name, whatever was stored. For set-up and import only:
    /// a change made from what was read saves with <see cref="TrySaveIdentityAsync"/> or <see cref="TryAddIdentityAsync"/>.
    /// </summary>
    Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="identity"/> only if the stored row still has its <see cref="Identity.Version"/>; false
    /// when the identity was changed or deleted since it was read.
    /// </summary>
    Task<bool> TrySaveIdentityAsync(Identity identity, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="identity"/> only if the account has no identity of that name; false when it has one (made
    /// meanwhile, on this node or another), which is then left as it is.
    /// </summary>
    Task<bool> TryAddIdentityAsync(Identity identity, CancellationToken cancellationToken);

    /// <summary>The account's identities among <paramref name="names"/> (lower-case), in any order.</summary>
    Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken);

    Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken);

    Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> identities of every account whose DNS check is due at or before
    /// <paramref name="now"/> and that nobody holds, earliest first, and holds them until <paramref name="claimedUntil"/>:
    /// until then no other claim (by another verifier, on this node or another) returns them. Saving an identity ends
    /// its claim; a claim its holder never saved (a stopped or dead node) ends at <paramref name="claimedUntil"/>.
    /// </summary>
    Task<IReadOnlyList<Identity>> ClaimIdentitiesDueAsync(DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest time a scheduled check of any identity can be claimed (its due time, or the end of its claim), or null.</summary>
    Task<DateTimeOffset?> NextCheckAsync(CancellationToken cancellationToken);

    /// <summary>The email-address identity whose confirmation link carries <paramref name="token"/>, or null.</summary>
    Task<Identity?> FindEmailIdentityByTokenAsync(string token, CancellationToken cancellationToken);
}

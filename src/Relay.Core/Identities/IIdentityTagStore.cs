namespace Relay.Core.Identities;

/// <summary>
/// Persistence of identities' tags, kept beside the identities: deleting an identity deletes its tags. Names are
/// the identities' lower-case names; every call is scoped to one account.
/// </summary>
public interface IIdentityTagStore
{
    /// <summary>The identity's tags in key order; null when the account has no such identity.</summary>
    Task<IReadOnlyList<IdentityTag>?> ListTagsAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="tags"/> (keys unique), replacing the value of a key the identity has already, in one
    /// transaction: nothing changes when the identity would then carry more than <paramref name="maxTags"/> tags.
    /// </summary>
    Task<IdentityTagChange> AddTagsAsync(string accountId, string name, IReadOnlyList<IdentityTag> tags, int maxTags, CancellationToken cancellationToken);

    /// <summary>Removes the tags with these keys (keys the identity does not have are ignored); false when there is no such identity.</summary>
    Task<bool> RemoveTagsAsync(string accountId, string name, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}

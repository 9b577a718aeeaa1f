namespace Relay.Core.Identities;

/// <summary>What <see cref="IIdentityTagStore.AddTagsAsync"/> did.</summary>
public enum IdentityTagChange
{
    /// <summary>The tags were added or their values replaced.</summary>
    Saved,

    /// <summary>The account has no such identity; nothing was written.</summary>
    IdentityNotFound,

    /// <summary>The identity would have carried more tags than allowed; nothing was written.</summary>
    TooManyTags,
}

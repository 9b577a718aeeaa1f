namespace Relay.Core.Identities;

/// <summary>Persistence of identities and their keys. Narrow so that a shared store can replace SQLite.</summary>
public interface IIdentityStore
{
    /// <summary>Adds or replaces the identity with the same account and name.</summary>
    Task SaveIdentityAsync(Identity identity, CancellationToken cancellationToken);

    /// <summary>The account's identities among <paramref name="names"/> (lower-case), in any order.</summary>
    Task<IReadOnlyList<Identity>> FindIdentitiesAsync(string accountId, IReadOnlyCollection<string> names, CancellationToken cancellationToken);

    Task<IReadOnlyList<Identity>> ListIdentitiesAsync(string accountId, CancellationToken cancellationToken);

    Task<bool> DeleteIdentityAsync(string accountId, string name, CancellationToken cancellationToken);
}

namespace Relay.Core.Accounts;

/// <summary>Persistence of access keys; secrets are kept encrypted and handed out decrypted.</summary>
public interface IAccessKeyStore
{
    /// <summary>Adds the key (its id must be new).</summary>
    Task AddAsync(AccessKey key, CancellationToken cancellationToken);

    /// <summary>The key with this id, active or revoked, or null.</summary>
    Task<AccessKey?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every key, or the account's keys when <paramref name="accountId"/> is given, oldest first.</summary>
    Task<IReadOnlyList<AccessKey>> ListAsync(string? accountId, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked; false when there is no such active key.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}

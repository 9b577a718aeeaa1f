using Relay.Core.Accounts;

namespace Relay.Api.Tests.Support;

internal sealed class InMemoryAccessKeyStore : IAccessKeyStore
{
    private readonly Dictionary<string, AccessKey> _keys = new(StringComparer.Ordinal);

    public Task AddAsync(AccessKey key, CancellationToken cancellationToken)
    {
        _keys.Add(key.Id, key);
        return Task.CompletedTask;
    }

    public Task<AccessKey?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_keys.GetValueOrDefault(id));

    public Task<IReadOnlyList<AccessKey>> ListAsync(string? accountId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccessKey>>(_keys.Values.Where(k => accountId is null || k.AccountId == accountId).ToList());

    public Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        if (!_keys.TryGetValue(id, out var key) || key.Revoked is not null)
        {
            return Task.FromResult(false);
        }

        _keys[id] = key with { Revoked = revokedAt };
        return Task.FromResult(true);
    }
}

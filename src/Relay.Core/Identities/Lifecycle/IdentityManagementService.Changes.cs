using Microsoft.Extensions.Logging;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// Every change of an identity is read, applied and saved with the store's version compare-and-swap (a new identity
/// with add-if-absent); when another request (another node, the verifier, the CLI) saved the identity in between, it is
/// read again and the change applied again to what is stored now, so neither change is lost and a deleted identity
/// stays deleted. Side effects (mail, notices) come after the save that stood, once.
/// </summary>
public sealed partial class IdentityManagementService
{
    /// <summary>What a change makes of the identity as read: the answer, and the identity to save (null: nothing to save).</summary>
    private readonly record struct Applied<T>(T Result, Identity? Save = null, string? What = null);

    /// <summary>The change as it was stored: the answer, the identity saved (null when none was), and the one it replaced.</summary>
    private readonly record struct Stored<T>(T Result, Identity? Saved, Identity? Replaced);

    private Task<Stored<T>> ChangeAsync<T>(string accountId, string name, Func<Identity?, Applied<T>> apply, CancellationToken cancellationToken) =>
        ChangeAsync(accountId, name, current => Task.FromResult(apply(current)), cancellationToken);

    /// <summary>
    /// Applies <paramref name="apply"/> to the stored identity <paramref name="name"/> (stored form; null when there is
    /// none) and saves the result only over what it was applied to, up to <see cref="IdentitySaveAttempts.Max"/> times.
    /// </summary>
    private async Task<Stored<T>> ChangeAsync<T>(
        string accountId, string name, Func<Identity?, Task<Applied<T>>> apply, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await _store.FindIdentitiesAsync(accountId, [name], cancellationToken);
            var current = found.Count > 0 ? found[0] : null;
            var applied = await apply(current);
            if (applied.Save is not { } updated)
            {
                return new Stored<T>(applied.Result, null, current);
            }

            var saved = current is null
                ? await _store.TryAddIdentityAsync(updated with { Version = 0 }, cancellationToken)
                : await _store.TrySaveIdentityAsync(updated with { Version = current.Version }, cancellationToken);
            if (saved)
            {
                LogChanged(updated.AccountId, updated.Name, applied.What ?? "changed");
                // The store moves the version on by one with each save; the caller is given the identity as stored.
                return new Stored<T>(applied.Result, updated with { Version = current is null ? 0 : current.Version + 1 }, current);
            }

            if (attempt == IdentitySaveAttempts.Max)
            {
                LogGaveUp(accountId, name, attempt);
                throw new IdentityOperationException(IdentityErrorKind.Throttled, $"Email identity {name} is being changed by other requests at the same time; try again.");
            }

            LogChangedMeanwhile(accountId, name);
        }
    }

    private static Applied<Identity> Unchanged(Identity identity) => new(identity);

    private static Applied<Identity> Save(Identity identity, string what) => new(identity, identity, what);

    [LoggerMessage(EventId = 9530, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId} was changed by another request (another node) since it was read; the change is applied again to the identity as stored now")]
    private partial void LogChangedMeanwhile(string accountId, string name);

    [LoggerMessage(EventId = 9531, Level = LogLevel.Warning, Message = "Identity {Name} of account {AccountId}: the change was overtaken by other changes {Attempts} times and was not saved; the caller is told to try again")]
    private partial void LogGaveUp(string accountId, string name, int attempts);
}

using Relay.Core.Ingestion;
using Relay.Core.Suppression;
using Relay.Delivery.Suppression;

namespace Relay.Queueing;

/// <summary>Delivery's view of the accounts' suppression lists; Relay's own messages have none.</summary>
internal sealed class AccountSuppression(SuppressionList list) : IRecipientSuppression
{
    public async Task<IReadOnlySet<string>> SuppressedAmongAsync(string? accountId, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken) =>
        IsTenant(accountId) ? await list.SuppressedAmongAsync(accountId!, recipients, cancellationToken) : new HashSet<string>();

    public async Task<bool> RecordHardBounceAsync(string? accountId, string recipient, string messageId, string diagnostic, CancellationToken cancellationToken) =>
        IsTenant(accountId) && await list.RecordHardBounceAsync(accountId!, recipient, messageId, diagnostic, cancellationToken);

    private static bool IsTenant(string? accountId) => accountId is not null && accountId != SystemAccount.Id;
}

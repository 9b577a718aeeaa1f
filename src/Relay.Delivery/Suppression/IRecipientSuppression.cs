namespace Relay.Delivery.Suppression;

/// <summary>The account's suppression list as delivery sees it: who not to attempt, and the hard bounces that add to it.</summary>
public interface IRecipientSuppression
{
    /// <summary>The recipients (as given) not to attempt for <paramref name="accountId"/>.</summary>
    Task<IReadOnlySet<string>> SuppressedAmongAsync(string? accountId, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken);

    /// <summary>The next hop refused <paramref name="recipient"/> for good; true when it was put on the list.</summary>
    Task<bool> RecordHardBounceAsync(string? accountId, string recipient, string messageId, string diagnostic, CancellationToken cancellationToken);
}

namespace Relay.Core.Suppression;

/// <summary>Accounts' suppression lists and which reasons each account suppresses.</summary>
public interface ISuppressionStore
{
    /// <summary>Adds the address, or replaces its entry (reason, time, message).</summary>
    Task PutAsync(SuppressedDestination destination, CancellationToken cancellationToken);

    Task<SuppressedDestination?> FindAsync(string accountId, string emailAddress, CancellationToken cancellationToken);

    /// <summary>The addresses among <paramref name="emailAddresses"/> (lower case) on the account's list.</summary>
    Task<IReadOnlySet<string>> FindAmongAsync(string accountId, IReadOnlyCollection<string> emailAddresses, CancellationToken cancellationToken);

    /// <summary>False when the address was not on the list.</summary>
    Task<bool> DeleteAsync(string accountId, string emailAddress, CancellationToken cancellationToken);

    /// <summary>Entries in address order after <see cref="SuppressionQuery.After"/>.</summary>
    Task<IReadOnlyList<SuppressedDestination>> ListAsync(string accountId, SuppressionQuery query, CancellationToken cancellationToken);

    /// <summary>The reasons the account suppresses, or null when it never set them (the default applies).</summary>
    Task<IReadOnlyList<SuppressionReason>?> FindReasonsAsync(string accountId, CancellationToken cancellationToken);

    Task SaveReasonsAsync(string accountId, IReadOnlyList<SuppressionReason> reasons, CancellationToken cancellationToken);
}

using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Suppression;

/// <summary>
/// SES's account-level suppression list: addresses an account does not send to. A hard bounce adds its address when
/// the account suppresses bounces (the default, with complaints, as SES sets new accounts up); whatever is on the
/// list is not attempted, whatever reason put it there (SES's SuppressedReasons govern only what is added).
/// </summary>
public sealed class SuppressionList(ISuppressionStore store, TimeProvider time)
{
    /// <summary>SES's default for accounts made since November 2019.</summary>
    public static readonly IReadOnlyList<SuppressionReason> DefaultReasons = [SuppressionReason.Bounce, SuppressionReason.Complaint];

    /// <summary>PutSuppressedDestination: adds or replaces the entry; InvalidParameter for a malformed address.</summary>
    public async Task PutAsync(string accountId, string emailAddress, SuppressionReason reason, CancellationToken cancellationToken) =>
        await store.PutAsync(new SuppressedDestination(accountId, IdentityNameRules.Address(emailAddress), reason, time.GetUtcNow()), cancellationToken);

    public Task<SuppressedDestination?> FindAsync(string accountId, string emailAddress, CancellationToken cancellationToken) =>
        store.FindAsync(accountId, Lenient(emailAddress), cancellationToken);

    public Task<bool> DeleteAsync(string accountId, string emailAddress, CancellationToken cancellationToken) =>
        store.DeleteAsync(accountId, Lenient(emailAddress), cancellationToken);

    public Task<IReadOnlyList<SuppressedDestination>> ListAsync(string accountId, SuppressionQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(accountId, query, cancellationToken);

    public async Task<IReadOnlyList<SuppressionReason>> ReasonsAsync(string accountId, CancellationToken cancellationToken) =>
        await store.FindReasonsAsync(accountId, cancellationToken) ?? DefaultReasons;

    /// <summary>PutAccountSuppressionAttributes: the reasons for which addresses are added from now on.</summary>
    public Task SaveReasonsAsync(string accountId, IReadOnlyList<SuppressionReason> reasons, CancellationToken cancellationToken) =>
        store.SaveReasonsAsync(accountId, reasons.Distinct().Order().ToList(), cancellationToken);

    /// <summary>The recipients (as given) that are on the account's list.</summary>
    public async Task<IReadOnlySet<string>> SuppressedAmongAsync(string accountId, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var byKey = recipients.GroupBy(Lenient, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var found = await store.FindAmongAsync(accountId, byKey.Keys, cancellationToken);
        return found.SelectMany(key => byKey[key]).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A hard bounce of <paramref name="recipient"/>: added with reason BOUNCE when the account suppresses bounces; true when added.</summary>
    public async Task<bool> RecordHardBounceAsync(
        string accountId, string recipient, string messageId, string diagnostic, CancellationToken cancellationToken)
    {
        if (!(await ReasonsAsync(accountId, cancellationToken)).Contains(SuppressionReason.Bounce))
        {
            return false;
        }

        await store.PutAsync(
            new SuppressedDestination(accountId, Lenient(recipient), SuppressionReason.Bounce, time.GetUtcNow(), messageId, diagnostic), cancellationToken);
        return true;
    }

    /// <summary>
    /// The stored form of an address: as the API validates it when it is a valid address, else just lower case, so
    /// that an envelope recipient the API would refuse (an SMTPUTF8 local part) is still matched exactly.
    /// </summary>
    private static string Lenient(string address)
    {
        try
        {
            return IdentityNameRules.Address(address);
        }
        catch (IdentityOperationException)
        {
            return address.Trim().ToLowerInvariant();
        }
    }
}

using Relay.Core.Accounts;

namespace Relay.WebConsole;

/// <summary>
/// The accounts a console user may see: every one for an operator, only its own for a tenant. Another account is
/// answered as if it did not exist, so a tenant learns nothing of other accounts, not even their names.
/// </summary>
internal sealed class ConsoleAccounts(IAccountStore accounts)
{
    /// <summary>The accounts the session may see, by name.</summary>
    public async Task<IReadOnlyList<Account>> VisibleAsync(ConsoleSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.TenantAccountId is { } id)
        {
            return await accounts.FindAccountByIdAsync(id, cancellationToken) is { } own ? [own] : [];
        }

        return (await accounts.ListAccountsAsync(cancellationToken)).OrderBy(account => account.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The account of that name when the session may see it; null when there is none or it is another tenant's.</summary>
    public async Task<Account?> FindAsync(ConsoleSession session, string accountName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (string.IsNullOrEmpty(accountName))
        {
            return null;
        }

        var account = await accounts.FindAccountByNameAsync(accountName, cancellationToken);
        return account is not null && (session.IsOperator || string.Equals(account.Id, session.TenantAccountId, StringComparison.Ordinal))
            ? account
            : null;
    }
}

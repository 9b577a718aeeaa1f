namespace Relay.Core.Accounts;

/// <summary>Persistence of accounts. Narrow so that a shared (e.g. PostgreSQL) store can replace SQLite.</summary>
public interface IAccountStore
{
    /// <summary>Adds the account, or replaces the one with the same id.</summary>
    Task SaveAccountAsync(Account account, CancellationToken cancellationToken);

    Task<Account?> FindAccountByNameAsync(string name, CancellationToken cancellationToken);

    Task<Account?> FindAccountByIdAsync(string id, CancellationToken cancellationToken);

    Task<Account?> FindAccountBySmtpUserNameAsync(string smtpUserName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken);
}

using Relay.Core.Accounts;

namespace Relay.Host.Tests.Support;

/// <summary>Accounts in a dictionary, by id.</summary>
internal sealed class FakeAccountStore(params Account[] accounts) : IAccountStore
{
    private readonly Dictionary<string, Account> _accounts = accounts.ToDictionary(account => account.Id);

    public Task SaveAccountAsync(Account account, CancellationToken cancellationToken)
    {
        _accounts[account.Id] = account;
        return Task.CompletedTask;
    }

    public Task<Account?> FindAccountByNameAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.Values.FirstOrDefault(account => account.Name == name));

    public Task<Account?> FindAccountByIdAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.GetValueOrDefault(id));

    public Task<Account?> FindAccountBySmtpUserNameAsync(string smtpUserName, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.Values.FirstOrDefault(account => account.SmtpUserName == smtpUserName));

    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Account>>(_accounts.Values.ToList());
}

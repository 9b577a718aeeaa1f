using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Core.Quotas;

namespace Relay.Hosting;

/// <summary>Creates or updates the accounts declared in settings; the account id is its name.</summary>
internal static class AccountSeeder
{
    public static async Task SeedAsync(LoadedSettings settings, IAccountStore store, ISendingQuotaStore quotas, CancellationToken cancellationToken)
    {
        await SeedAccountsAsync(settings, store, cancellationToken);
        foreach (var declared in settings.Relay.Accounts.Where(declared => declared.Max24HourSend is not null || declared.MaxSendRate is not null))
        {
            // Only what settings give: a value the file leaves out keeps what the CLI set.
            var account = await store.FindAccountByNameAsync(declared.Name, cancellationToken);
            var own = (await quotas.ReadLimitsAsync(cancellationToken)).GetValueOrDefault(account!.Id);
            await quotas.SaveLimitsAsync(account.Id,
                new AccountSendingLimits(declared.Max24HourSend ?? own?.Max24HourSend, declared.MaxSendRate ?? own?.MaxSendRate), cancellationToken);
        }
    }

    private static async Task SeedAccountsAsync(LoadedSettings settings, IAccountStore store, CancellationToken cancellationToken)
    {
        for (var index = 0; index < settings.Relay.Accounts.Count; index++)
        {
            var declared = settings.Relay.Accounts[index];
            var password = string.IsNullOrEmpty(declared.SmtpPasswordFile)
                ? declared.SmtpPassword
                : await SecretFile.ReadFirstLineAsync(declared.SmtpPasswordFile, $"Relay:Accounts:{index}:SmtpPasswordFile", cancellationToken);
            var existing = await store.FindAccountByNameAsync(declared.Name, cancellationToken);
            var contact = string.IsNullOrEmpty(declared.ContactAddress) ? null : declared.ContactAddress;
            if (existing is not null && existing.SmtpUserName == declared.SmtpUserName && existing.ContactAddress == contact
                && SmtpPasswordHasher.Verify(password, existing.SmtpPasswordHash))
            {
                continue;
            }

            var account = new Account(existing?.Id ?? declared.Name, declared.Name, declared.SmtpUserName, SmtpPasswordHasher.Hash(password), contact);
            await store.SaveAccountAsync(account, cancellationToken);
        }
    }
}

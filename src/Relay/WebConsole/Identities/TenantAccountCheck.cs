using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;

namespace Relay.WebConsole.Identities;

/// <summary>
/// At start-up, warns of a tenant bound to an account that does not exist (often a typing error): accounts are added
/// with the CLI, maybe after Relay started, so this is a warning and the tenant sees an empty console until then.
/// </summary>
internal sealed class TenantAccountCheck(ConsoleSettings settings, IAccountStore accounts, ILogger<TenantAccountCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var index = 0; index < settings.Users.Count; index++)
        {
            var user = settings.Users[index];
            if (user.EffectiveRole == ConsoleUserRole.Tenant && await accounts.FindAccountByIdAsync(user.Account.Trim(), cancellationToken) is null)
            {
                IdentityLog.TenantAccountMissing(logger, index, user.Account, user.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

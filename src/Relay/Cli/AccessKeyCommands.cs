using System.Globalization;
using Relay.Configuration;
using Relay.Core.Accounts;
using Microsoft.Extensions.Logging.Abstractions;
using Relay.Core.Storage;
using Relay.Hosting;
using Relay.Http;

namespace Relay.Cli;

/// <summary>
/// <c>relay access-key create|list|revoke</c>: API credentials of accounts. The secret (and the SMTP password SES
/// would derive from it) is printed once, at creation; Relay keeps it encrypted and never shows it again.
/// </summary>
internal static class AccessKeyCommands
{
    public static async Task<int> RunAsync(string verb, CliArguments args, LoadedSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var stores = await RelayStores.OpenAsync(settings, NullLogger.Instance, cancellationToken);
        var accounts = stores.Relay;
        var keys = stores.AccessKeys;
        switch (verb)
        {
            case "create":
                AccountCommands.RejectUnknown(args, "account");
                var account = await AccountAsync(accounts, args.Required("account"), cancellationToken);
                var key = AccessKeyGenerator.Create(account.Id, TimeProvider.System.GetUtcNow());
                await keys.AddAsync(key, cancellationToken);
                await output.WriteLineAsync($"access key for account {account.Name} (shown once; keep the secret safe):");
                await output.WriteLineAsync($"AccessKeyId:     {key.Id}");
                await output.WriteLineAsync($"SecretAccessKey: {key.Secret}");
                await output.WriteLineAsync($"SMTP user name:  {key.Id}");
                await output.WriteLineAsync($"SMTP password:   {ApiServices.SmtpPassword(settings, key)}   (region {settings.Relay.Api.Region})");
                return 0;
            case "list":
                AccountCommands.RejectUnknown(args, "account");
                var accountId = args.Optional("account") is { } name ? (await AccountAsync(accounts, name, cancellationToken)).Id : null;
                foreach (var each in await keys.ListAsync(accountId, cancellationToken))
                {
                    await output.WriteLineAsync(string.Join('\t', each.Id, "account=" + each.AccountId,
                        "created=" + each.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                        each.Revoked is { } revoked ? "revoked=" + revoked.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "active"));
                }

                return 0;
            case "revoke":
                AccountCommands.RejectUnknown(args);
                var id = args.Words.Count > 2 ? args.Words[2] : throw new CliUsageException("give the access key id: relay access-key revoke ID.");
                var done = await keys.RevokeAsync(id, TimeProvider.System.GetUtcNow(), cancellationToken);
                await output.WriteLineAsync(done ? $"revoked {id}" : $"no active access key {id}");
                return done ? 0 : 1;
            default:
                throw new CliUsageException($"unknown command 'access-key {verb}'.");
        }
    }

    private static async Task<Account> AccountAsync(IRelayStore accounts, string name, CancellationToken cancellationToken) =>
        await accounts.FindAccountByNameAsync(name, cancellationToken)
            ?? throw new CliUsageException($"no account named '{name}'.");
}

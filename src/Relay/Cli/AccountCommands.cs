using Relay.Core.Accounts;
using Relay.Core.Storage;

namespace Relay.Cli;

/// <summary><c>relay account add|list</c>.</summary>
internal static class AccountCommands
{
    public static async Task<int> RunAsync(string verb, CliArguments args, SqliteRelayStore store, TextWriter output, CancellationToken cancellationToken)
    {
        switch (verb)
        {
            case "add":
                RejectUnknown(args, "name", "user", "password", "password-file", "contact");
                var name = args.Required("name");
                var password = args.Optional("password-file") is { } file
                    ? (await File.ReadAllLinesAsync(file, cancellationToken)).FirstOrDefault() ?? string.Empty
                    : args.Required("password");
                if (password.Length == 0)
                {
                    throw new CliUsageException("the password must not be empty.");
                }

                var existing = await store.FindAccountByNameAsync(name, cancellationToken);
                var account = new Account(existing?.Id ?? name, name, args.Optional("user") ?? name, SmtpPasswordHasher.Hash(password), args.Optional("contact"));
                await store.SaveAccountAsync(account, cancellationToken);
                await output.WriteLineAsync($"account {account.Name} saved (SMTP user {account.SmtpUserName})");
                return 0;
            case "list":
                foreach (var each in await store.ListAccountsAsync(cancellationToken))
                {
                    await output.WriteLineAsync($"{each.Name}\tsmtp-user={each.SmtpUserName}\tcontact={each.ContactAddress ?? "-"}");
                }

                return 0;
            default:
                throw new CliUsageException($"unknown command 'account {verb}'.");
        }
    }

    internal static void RejectUnknown(CliArguments args, params string[] known)
    {
        var unknown = args.UnknownOptions(known).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"unknown option --{unknown[0]}; this command takes --{string.Join(", --", known)}.");
        }
    }
}

using Relay.Core.Accounts;
using Relay.Core.Quotas;
using Relay.Core.Storage;

namespace Relay.Cli;

/// <summary><c>relay account add|list|quota</c>.</summary>
internal static class AccountCommands
{
    public static async Task<int> RunAsync(
        string verb, CliArguments args, IRelayStore store, ISendingQuotaStore quotas, SendingQuotaOptions defaults, TimeProvider time,
        TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(defaults);
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
                var own = await quotas.ReadLimitsAsync(cancellationToken);
                var sent = await SentLast24HoursAsync(quotas, time, cancellationToken);
                foreach (var each in await store.ListAccountsAsync(cancellationToken))
                {
                    var limits = own.TryGetValue(each.Id, out var set) ? set.Over(defaults.Defaults) : defaults.Defaults;
                    await output.WriteLineAsync($"{each.Name}\tsmtp-user={each.SmtpUserName}\tcontact={each.ContactAddress ?? "-"}\t" +
                        Describe(limits, sent.GetValueOrDefault(each.Id)));
                }

                return 0;
            case "quota":
                return await SetQuotaAsync(args, store, quotas, defaults, time, output, cancellationToken);
            default:
                throw new CliUsageException($"unknown command 'account {verb}'.");
        }
    }

    /// <summary>
    /// <c>relay account quota --name NAME [--max-24-hour-send N|-1|default] [--max-send-rate R|default]</c>: sets the
    /// account's own limits (<c>default</c> takes <c>Relay:Quotas</c> again); without either option, shows them. A
    /// running relay takes the change at its next count flush (every <c>Relay:Quotas:FlushInterval</c>).
    /// </summary>
    private static async Task<int> SetQuotaAsync(
        CliArguments args, IRelayStore store, ISendingQuotaStore quotas, SendingQuotaOptions defaults, TimeProvider time,
        TextWriter output, CancellationToken cancellationToken)
    {
        RejectUnknown(args, "name", "max-24-hour-send", "max-send-rate");
        var name = args.Required("name");
        var account = await store.FindAccountByNameAsync(name, cancellationToken) ?? throw new CliUsageException($"no account named '{name}'.");
        var own = (await quotas.ReadLimitsAsync(cancellationToken)).GetValueOrDefault(account.Id) ?? new AccountSendingLimits(null, null);
        var daily = args.Optional("max-24-hour-send");
        var rate = args.Optional("max-send-rate");
        if (daily is not null || rate is not null)
        {
            own = new AccountSendingLimits(
                daily is null ? own.Max24HourSend : ParseLimit(daily, "max-24-hour-send", SendingLimits.ValidateMax24HourSend),
                rate is null ? own.MaxSendRate : ParseLimit(rate, "max-send-rate", SendingLimits.ValidateMaxSendRate));
            await quotas.SaveLimitsAsync(account.Id, own, cancellationToken);
        }

        var sent = (await SentLast24HoursAsync(quotas, time, cancellationToken)).GetValueOrDefault(account.Id);
        await output.WriteLineAsync($"{account.Name}\t{Describe(own.Over(defaults.Defaults), sent)}" +
            (own is { Max24HourSend: null, MaxSendRate: null } ? "\t(the defaults, Relay:Quotas)" : string.Empty));
        return 0;
    }

    private static double? ParseLimit(string text, string option, Action<double> validate)
    {
        if (text == "default")
        {
            return null;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new CliUsageException($"--{option} '{text}' is not a number (or 'default').");
        }

        try
        {
            validate(value);
        }
        catch (System.ComponentModel.DataAnnotations.ValidationException ex)
        {
            throw new CliUsageException($"--{option}: {ex.Message}");
        }

        return value;
    }

    /// <summary>What the store holds: counts a running relay has not flushed yet (at most one interval's) are not in it.</summary>
    private static async Task<Dictionary<string, long>> SentLast24HoursAsync(ISendingQuotaStore quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var since = (time.GetUtcNow().ToUnixTimeSeconds() - (24 * 60 * 60)) / 60;
        return (await quotas.ReadCountsAsync(since, cancellationToken))
            .GroupBy(count => count.AccountId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(count => count.Recipients), StringComparer.Ordinal);
    }

    private static string Describe(SendingLimits limits, long sent) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"max-24-hour-send={limits.Max24HourSend}\tmax-send-rate={limits.MaxSendRate}\tsent-last-24-hours={sent}");

    internal static void RejectUnknown(CliArguments args, params string[] known)
    {
        var unknown = args.UnknownOptions(known).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"unknown option --{unknown[0]}; this command takes --{string.Join(", --", known)}.");
        }
    }
}

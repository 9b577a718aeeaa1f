using System.Globalization;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Cli;

/// <summary>
/// <c>relay identity verify-domain|verify-dkim|verify-email|records|status|check|signing|byodkim|rotate|key-length|ed25519</c>:
/// the operator's side of the same service the SES API calls.
/// </summary>
internal static class IdentityLifecycleCommands
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "verify-domain", "verify-dkim", "verify-email", "records", "status", "check", "signing", "byodkim", "rotate", "key-length", "ed25519",
    };

    public static async Task<int> RunAsync(
        string verb, CliArguments args, IIdentityManagement identities, IAccountStore accounts, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            return await RunVerbAsync(verb, args, identities, accounts, output, cancellationToken);
        }
        catch (IdentityOperationException ex)
        {
            await output.WriteLineAsync($"refused ({ex.Kind}): {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> RunVerbAsync(
        string verb, CliArguments args, IIdentityManagement identities, IAccountStore accounts, TextWriter output, CancellationToken cancellationToken)
    {
        switch (verb)
        {
            case "verify-domain":
            {
                AccountCommands.RejectUnknown(args, "account", "domain");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                await identities.VerifyDomainIdentityAsync(account, args.Required("domain"), cancellationToken);
                return await PrintRecordsAsync(identities, account, args.Required("domain"), "table", output, cancellationToken);
            }

            case "verify-dkim":
            {
                AccountCommands.RejectUnknown(args, "account", "domain", "key-length");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                var domain = args.Required("domain");
                if (args.Optional("key-length") is { } length)
                {
                    var request = new DkimSigningRequest(DkimSigningOrigin.AwsSes, KeyLength(length));
                    if (await identities.FindAsync(account, domain, cancellationToken) is null)
                    {
                        await identities.CreateIdentityAsync(account, domain, request, cancellationToken);
                    }
                    else
                    {
                        await identities.SetSigningAttributesAsync(account, domain, request, cancellationToken);
                    }
                }

                var tokens = await identities.VerifyDomainDkimAsync(account, domain, cancellationToken);
                await output.WriteLineAsync("DKIM tokens: " + string.Join(' ', tokens));
                return await PrintRecordsAsync(identities, account, domain, "table", output, cancellationToken);
            }

            case "verify-email":
            {
                AccountCommands.RejectUnknown(args, "account", "address", "confirm");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                var address = args.Required("address");
                if (args.Optional("confirm") is "true")
                {
                    var confirmed = await identities.ConfirmEmailByOperatorAsync(account, address, cancellationToken);
                    await output.WriteLineAsync($"{confirmed.Name}: verification SUCCESS (confirmed by the operator)");
                }
                else
                {
                    await identities.VerifyEmailIdentityAsync(account, address, cancellationToken);
                    await output.WriteLineAsync($"{address}: confirmation link sent; verification PENDING");
                }

                return 0;
            }

            case "records":
                AccountCommands.RejectUnknown(args, "account", "identity", "format");
                return await PrintRecordsAsync(
                    identities, await AccountIdAsync(args, accounts, cancellationToken), args.Required("identity"), args.Optional("format") ?? "table", output, cancellationToken);
            case "status":
            {
                AccountCommands.RejectUnknown(args, "account", "identity");
                var identity = await RequireAsync(identities, await AccountIdAsync(args, accounts, cancellationToken), args.Required("identity"), cancellationToken);
                await IdentityStatusReport.WriteAsync(identity, output);
                return 0;
            }

            case "check":
            {
                AccountCommands.RejectUnknown(args, "account", "identity");
                var identity = await identities.CheckNowAsync(await AccountIdAsync(args, accounts, cancellationToken), args.Required("identity"), cancellationToken);
                await IdentityStatusReport.WriteAsync(identity, output);
                return 0;
            }

            case "signing":
            {
                AccountCommands.RejectUnknown(args, "account", "identity", "enabled");
                var enabled = args.Required("enabled") switch
                {
                    "true" => true,
                    "false" => false,
                    var other => throw new CliUsageException($"--enabled '{other}' is not true or false."),
                };
                var identity = await identities.SetSigningEnabledAsync(await AccountIdAsync(args, accounts, cancellationToken), args.Required("identity"), enabled, cancellationToken);
                await output.WriteLineAsync($"{identity.Name}: DKIM signing {(identity.SigningEnabled ? "enabled" : "disabled")}");
                return 0;
            }

            case "byodkim":
            {
                AccountCommands.RejectUnknown(args, "account", "domain", "selector", "key-file");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                var domain = args.Required("domain");
                var key = await ReadKeyFileAsync(args.Required("key-file"), cancellationToken);
                var request = new DkimSigningRequest(DkimSigningOrigin.External, Selector: args.Required("selector"), PrivateKey: key);
                if (await identities.FindAsync(account, domain, cancellationToken) is null)
                {
                    await identities.CreateIdentityAsync(account, domain, request, cancellationToken);
                }
                else
                {
                    await identities.SetSigningAttributesAsync(account, domain, request, cancellationToken);
                }

                return await PrintRecordsAsync(identities, account, domain, "table", output, cancellationToken);
            }

            case "rotate":
            {
                AccountCommands.RejectUnknown(args, "account", "domain");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                await identities.RotateAsync(account, args.Required("domain"), cancellationToken);
                await output.WriteLineAsync("New keys made; the current keys sign until the new records below are published and verified.");
                return await PrintRecordsAsync(identities, account, args.Required("domain"), "table", output, cancellationToken);
            }

            case "key-length":
            {
                AccountCommands.RejectUnknown(args, "account", "domain", "length");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                var request = new DkimSigningRequest(DkimSigningOrigin.AwsSes, KeyLength(args.Required("length")));
                await identities.SetSigningAttributesAsync(account, args.Required("domain"), request, cancellationToken);
                return await PrintRecordsAsync(identities, account, args.Required("domain"), "table", output, cancellationToken);
            }

            case "ed25519":
            {
                AccountCommands.RejectUnknown(args, "account", "domain", "enabled", "selector", "key-file");
                var account = await AccountIdAsync(args, accounts, cancellationToken);
                var domain = args.Required("domain");
                var identity = await identities.SetEd25519Async(account, domain, await Ed25519RequestAsync(args, cancellationToken), cancellationToken);
                await output.WriteLineAsync(identity.Ed25519 is { } ed25519
                    ? $"{identity.Name}: Ed25519 key ({SesNames.Origin(ed25519.Origin)}) under selector {ed25519.Key.Selector}, {SesNames.Status(ed25519.Status)}; it signs once its record below verifies"
                    : $"{identity.Name}: no Ed25519 key; RSA signatures only");
                return await PrintRecordsAsync(identities, account, domain, "table", output, cancellationToken);
            }

            default:
                throw new CliUsageException($"unknown command 'identity {verb}'.");
        }
    }

    private static async Task<int> PrintRecordsAsync(
        IIdentityManagement identities, string accountId, string name, string format, TextWriter output, CancellationToken cancellationToken)
    {
        var identity = await RequireAsync(identities, accountId, name, cancellationToken);
        await output.WriteAsync(DnsRecordFormats.Format(identities.RecordsFor(identity), format));
        return 0;
    }

    private static async Task<Identity> RequireAsync(IIdentityManagement identities, string accountId, string name, CancellationToken cancellationToken) =>
        await identities.FindAsync(accountId, name, cancellationToken) ?? throw new CliUsageException($"no identity '{name}' in this account.");

    private static async Task<string> ReadKeyFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--key-file: {ex.Message}");
        }
    }

    /// <summary><c>--enabled true|false</c> (Easy DKIM or off), or <c>--selector SEL --key-file KEY</c> (the customer's key).</summary>
    private static async Task<Ed25519DkimRequest> Ed25519RequestAsync(CliArguments args, CancellationToken cancellationToken)
    {
        var selector = args.Optional("selector");
        var keyFile = args.Optional("key-file");
        if (selector is not null || keyFile is not null)
        {
            if (args.Optional("enabled") is { } enabled && enabled != "true")
            {
                throw new CliUsageException("--selector and --key-file bring an Ed25519 key; they do not go with --enabled false.");
            }

            return new Ed25519DkimRequest(
                true, selector ?? throw new CliUsageException("--key-file needs --selector."),
                await ReadKeyFileAsync(keyFile ?? throw new CliUsageException("--selector needs --key-file."), cancellationToken));
        }

        return args.Required("enabled") switch
        {
            "true" => Ed25519DkimRequest.Easy,
            "false" => Ed25519DkimRequest.Off,
            var other => throw new CliUsageException($"--enabled '{other}' is not true or false."),
        };
    }

    private static DkimKeyLength KeyLength(string text) =>
        SesNames.TryParseKeyLength(text, out var length) ? length : throw new CliUsageException($"key length '{text}' is not 1024 or 2048.");

    private static async Task<string> AccountIdAsync(CliArguments args, IAccountStore accounts, CancellationToken cancellationToken)
    {
        var name = args.Required("account");
        var account = await accounts.FindAccountByNameAsync(name, cancellationToken);
        return account?.Id ?? throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"no account named '{name}'."));
    }
}

using System.Globalization;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Dkim;
using Relay.Identities;
using Relay.Signing;

namespace Relay.Cli;

/// <summary><c>relay identity add|list|delete|dns|history</c>: the operator's way in until the Easy DKIM lifecycle fills identities in.</summary>
internal static class IdentityCommands
{
    public static async Task<int> RunAsync(string verb, CliArguments args, IRelayStore store, TextWriter output, CancellationToken cancellationToken)
    {
        switch (verb)
        {
            case "add":
                AccountCommands.RejectUnknown(args, "account", "identity", "type", "verification-status", "dkim-status",
                    "signing-enabled", "selector", "key-file", "generate-key");
                return await AddAsync(args, store, output, cancellationToken);
            case "list":
                AccountCommands.RejectUnknown(args, "account");
                var accountId = await AccountIdAsync(args, store, cancellationToken);
                foreach (var identity in await store.ListIdentitiesAsync(accountId, cancellationToken))
                {
                    await output.WriteLineAsync(string.Join('\t', identity.Name, identity.Type,
                        "verification=" + SesStatusNames.Format(identity.VerificationStatus),
                        "dkim=" + SesStatusNames.Format(identity.DkimStatus),
                        "signing=" + (identity.SigningEnabled ? "enabled" : "disabled"),
                        identity.SigningKey is { } key ? $"selector={key.Selector} rsa={key.KeyBits}" : "no-key"));
                }

                return 0;
            case "delete":
                AccountCommands.RejectUnknown(args, "account", "identity");
                var deleted = await store.DeleteIdentityAsync(await AccountIdAsync(args, store, cancellationToken), args.Required("identity"), cancellationToken);
                await output.WriteLineAsync(deleted ? "deleted" : "no such identity");
                return deleted ? 0 : 1;
            case "dns":
                AccountCommands.RejectUnknown(args, "account", "identity");
                var name = IdentityNames.Normalize(args.Required("identity"));
                var found = await store.FindIdentitiesAsync(await AccountIdAsync(args, store, cancellationToken), [name], cancellationToken);
                if (found.Count == 0 || found[0].SigningKey is not { } signingKey)
                {
                    throw new CliUsageException($"{name} is not a domain identity with a key.");
                }

                await output.WriteLineAsync(DnsRecord(name, signingKey));
                return 0;
            case "history":
                AccountCommands.RejectUnknown(args, "account", "identity", "limit");
                return await HistoryAsync(args, store, output, cancellationToken);
            default:
                throw new CliUsageException($"unknown command 'identity {verb}'.");
        }
    }

    /// <summary>The identity's stored history, newest first, one tab-separated line per change: time, change, finding.</summary>
    private static async Task<int> HistoryAsync(CliArguments args, IRelayStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var accountId = await AccountIdAsync(args, store, cancellationToken);
        var name = IdentityNames.Normalize(args.Required("identity"));
        var limitText = args.Optional("limit") ?? IdentityHistoryOptions.DefaultPerIdentity.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            throw new CliUsageException($"--limit '{limitText}' is not a whole number of at least 1.");
        }

        if ((await store.FindIdentitiesAsync(accountId, [name], cancellationToken)).Count == 0)
        {
            await output.WriteLineAsync("no such identity");
            return 1;
        }

        foreach (var row in await store.ListHistoryAsync(accountId, name, limit, cancellationToken))
        {
            var finding = row.Finding is { } outcome ? $"{outcome} {row.FindingRecord}: {row.Detail}" : string.Empty;
            await output.WriteLineAsync(string.Join('\t',
                row.When.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), IdentityHistoryText.Describe(row), finding).TrimEnd('\t'));
        }

        return 0;
    }

    private static async Task<int> AddAsync(CliArguments args, IRelayStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var accountId = await AccountIdAsync(args, store, cancellationToken);
        string name;
        try
        {
            name = IdentityNames.ToStoredForm(args.Required("identity"));
        }
        catch (IdentityOperationException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        var type = args.Optional("type")?.ToUpperInvariant() switch
        {
            null => name.Contains('@', StringComparison.Ordinal) ? IdentityType.EmailAddress : IdentityType.Domain,
            "DOMAIN" => IdentityType.Domain,
            "EMAIL" or "EMAIL_ADDRESS" or "EMAILADDRESS" => IdentityType.EmailAddress,
            var other => throw new CliUsageException($"--type '{other}' is not domain or email."),
        };
        if ((type == IdentityType.EmailAddress) != name.Contains('@', StringComparison.Ordinal))
        {
            throw new CliUsageException($"'{name}' does not look like a {(type == IdentityType.Domain ? "domain" : "email address")}.");
        }

        var found = await store.FindIdentitiesAsync(accountId, [name], cancellationToken);
        var existing = found.Count > 0 ? found[0] : null;
        if (existing is not null && existing.Type != type)
        {
            throw new CliUsageException($"{name} exists as a {(existing.Type == IdentityType.Domain ? "domain" : "email address")}.");
        }

        var givesKey = args.Optional("key-file") is not null || args.Optional("generate-key") is not null;
        if (existing is not null && givesKey && (existing.SigningKey is not null || existing.DkimKeys.Count > 0))
        {
            throw new CliUsageException($"{name} already has DKIM keys; 'identity byodkim' replaces them with the customer's key, " +
                                        "'identity rotate' makes new Easy DKIM keys, and --dkim-status alone changes only the status.");
        }

        var key = ReadKey(args, type);
        Identity identity;
        if (existing is null)
        {
            identity = new Identity(
                accountId,
                name,
                type,
                SesStatusNames.Parse(args.Optional("verification-status") ?? "SUCCESS", "verification-status"),
                SesStatusNames.Parse(args.Optional("dkim-status") ?? (key is null ? "NOT_STARTED" : "SUCCESS"), "dkim-status"),
                ParseBool(args.Optional("signing-enabled") ?? "true", "signing-enabled"),
                key);
            // Only if still absent: an identity made meanwhile (by a running node) is not overwritten.
            if (!await store.TryAddIdentityAsync(identity, cancellationToken))
            {
                throw new CliUsageException($"{name} was added while this command ran; run the command again to change it.");
            }
        }
        else
        {
            identity = await ForceAsync(existing, args, key, store, cancellationToken);
        }

        await output.WriteLineAsync($"identity {name} saved: verification={SesStatusNames.Format(identity.VerificationStatus)} " +
                                    $"dkim={SesStatusNames.Format(identity.DkimStatus)} signing={(identity.SigningEnabled ? "enabled" : "disabled")}");
        if (key is not null)
        {
            await output.WriteLineAsync("Publish:");
            await output.WriteLineAsync(DnsRecord(name, key));
        }

        return 0;
    }

    /// <summary>
    /// <c>identity add</c> over an existing identity: sets the statuses and switch given (and a key for a domain that has
    /// none) and keeps everything else, keys, tokens, pending changes and NextSigningKeyLength included.
    /// </summary>
    private static async Task<Identity> ForceAsync(
        Identity existing, CliArguments args, SigningKey? key, IRelayStore store, CancellationToken cancellationToken)
    {
        var verification = args.Optional("verification-status") is { } v ? SesStatusNames.Parse(v, "verification-status") : (VerificationStatus?)null;
        VerificationStatus? dkim = args.Optional("dkim-status") is { } d ? SesStatusNames.Parse(d, "dkim-status")
            : key is null ? null : VerificationStatus.Success;
        var signing = args.Optional("signing-enabled") is { } e ? ParseBool(e, "signing-enabled") : (bool?)null;
        var current = existing;
        for (var attempt = 0; ; attempt++)
        {
            var forced = current with
            {
                VerificationStatus = verification ?? current.VerificationStatus,
                DkimStatus = dkim ?? current.DkimStatus,
                SigningEnabled = signing ?? current.SigningEnabled,
                SigningKey = key ?? current.SigningKey,
            };
            // Compare-and-swap on the version read, so that a change the running server made meanwhile is not undone.
            if (await store.TrySaveIdentityAsync(forced, cancellationToken))
            {
                return forced;
            }

            var reread = await store.FindIdentitiesAsync(existing.AccountId, [existing.Name], cancellationToken);
            if (attempt == 2 || reread.Count == 0)
            {
                throw new CliUsageException($"{existing.Name} changed or was deleted while it was being saved; run the command again.");
            }

            current = reread[0];
        }
    }

    private static SigningKey? ReadKey(CliArguments args, IdentityType type)
    {
        var keyFile = args.Optional("key-file");
        var generate = args.Optional("generate-key");
        if (keyFile is null && generate is null)
        {
            return null;
        }

        if (type != IdentityType.Domain)
        {
            throw new CliUsageException("only domain identities carry keys; an email address signs with its domain's key.");
        }

        if (keyFile is not null && generate is not null)
        {
            throw new CliUsageException("give --key-file or --generate-key, not both.");
        }

        DkimPrivateKey key;
        try
        {
            key = keyFile is not null
                ? DkimPrivateKey.FromPem(File.ReadAllText(keyFile))
                : DkimPrivateKey.Generate(generate switch
                {
                    "1024" => 1024,
                    "2048" or "true" => 2048,
                    _ => throw new CliUsageException($"--generate-key '{generate}' must be 1024 or 2048."),
                });
        }
        catch (DkimKeyException ex)
        {
            throw new CliUsageException($"--key-file: {ex.Message}");
        }

        return new SigningKey(args.Required("selector"), key.ToPem(), key.KeySizeBits);
    }

    private static string DnsRecord(string domain, SigningKey key) =>
        DnsText.DkimRecord(key.Selector, domain, DkimPrivateKey.FromPem(key.PrivateKeyPem));

    private static bool ParseBool(string text, string option) =>
        bool.TryParse(text, out var value) ? value : throw new CliUsageException($"--{option} '{text}' is not true or false.");

    private static async Task<string> AccountIdAsync(CliArguments args, IRelayStore store, CancellationToken cancellationToken)
    {
        var name = args.Required("account");
        var account = await store.FindAccountByNameAsync(name, cancellationToken);
        return account?.Id ?? throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"no account named '{name}'."));
    }
}

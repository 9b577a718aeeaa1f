using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Relay.Core.Accounts;
using Relay.Core.Identities.Lifecycle;
using Relay.Cli;
using Relay.Configuration;
using Relay.Core.Storage;
using Relay.Hosting;
using Relay.Signing;

namespace Relay;

/// <summary>Entry point: runs the relay, or one of the operator commands.</summary>
public static class Program
{
    private const string Usage = """
        usage:
          relay [run] [--settings FILE] [--Relay:Section:Key=value ...]
          relay account add --name NAME --password PW | --password-file FILE [--user SMTP_USER] [--contact ADDRESS]
          relay account list
          relay account quota --name NAME [--max-24-hour-send N|-1|default] [--max-send-rate R|default]
          relay identity add --account NAME --identity DOMAIN|ADDRESS [--type domain|email]
                             [--verification-status SUCCESS] [--dkim-status SUCCESS|FAILED|PENDING|...]
                             [--signing-enabled true|false] [--selector SEL --generate-key 1024|2048 | --key-file PEM]
          relay identity list --account NAME
          relay identity delete --account NAME --identity NAME
          relay identity dns --account NAME --identity DOMAIN
          relay identity history --account NAME --identity NAME [--limit N]
          relay identity verify-domain --account NAME --domain DOMAIN
          relay identity verify-dkim --account NAME --domain DOMAIN [--key-length 1024|2048]
          relay identity verify-email --account NAME --address ADDRESS [--confirm]
          relay identity records --account NAME --identity DOMAIN [--format table|csv|zone]
          relay identity status|check --account NAME --identity NAME
          relay identity signing --account NAME --identity NAME --enabled true|false
          relay identity byodkim --account NAME --domain DOMAIN --selector SEL --key-file PEM
          relay identity rotate --account NAME --domain DOMAIN
          relay identity key-length --account NAME --domain DOMAIN --length 1024|2048
          relay identity ed25519 --account NAME --domain DOMAIN --enabled true|false | --selector SEL --key-file KEY
          relay keyzone export
          relay provider dns
          relay access-key create --account NAME | list [--account NAME] | revoke ID
          relay queue list | show ID | retry ID | delete ID
          relay health
          relay console hash-password [--password-file FILE]   # the password from stdin or the file's first line
        Every command also takes --settings FILE and --Relay:...=value overrides.
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        try
        {
            var parsed = CliArguments.Parse(args);
            var words = parsed.Words;
            if (parsed.AsksForHelp || words is ["help", ..])
            {
                // Before anything else: asking for help never reads settings, opens the store or starts a server.
                await Console.Out.WriteLineAsync(Usage);
                return 0;
            }

            // Before any file is made: whatever the command, what it writes into the data folder is the owner's only.
            DataFolderAccess.RestrictUmask();
            var command = words.Count == 0 ? "run" : words[0];
            var verb = words.Count > 1 ? words[1] : string.Empty;
            if (command == "run")
            {
                RefuseOptions(parsed, words);
            }

            var configuration = RelayConfiguration.Build(parsed.ConfigurationArguments, parsed.SettingsFile);
            if (ExistingDataFolder.IsNeededBy(command, verb))
            {
                ExistingDataFolder.Require(SettingsLoader.Load(configuration));
            }

            switch (command)
            {
                case "run":
                    using (var host = await RelayHostFactory.BuildAsync(configuration, HostUse.Server, cancellation.Token))
                    {
                        await host.RunAsync(cancellation.Token);
                    }

                    return 0;
                case "console":
                    return await ConsoleCommands.RunAsync(verb, parsed, Console.In, Console.Out, cancellation.Token);
                case "health":
                    return await HealthCommand.RunAsync(SettingsLoader.Load(configuration), Console.Out, cancellation.Token);
                case "identity" when IdentityLifecycleCommands.Verbs.Contains(verb):
                    return await RunWithServicesAsync(parsed, (services, token) => IdentityLifecycleCommands.RunAsync(
                        verb, parsed, services.GetRequiredService<IIdentityManagement>(), services.GetRequiredService<IAccountStore>(), Console.Out, token),
                        cancellation.Token);
                case "keyzone":
                    return await RunWithServicesAsync(parsed, (services, token) => KeyZoneCommands.RunAsync(verb, services, Console.Out, token), cancellation.Token);
                case "queue":
                    return await QueueCommands.RunAsync(verb, parsed, SettingsLoader.Load(configuration), TimeProvider.System, Console.Out, cancellation.Token);
                case "access-key":
                    return await AccessKeyCommands.RunAsync(verb, parsed, SettingsLoader.Load(configuration), Console.Out, cancellation.Token);
                case "account" or "identity" or "provider":
                    var settings = SettingsLoader.Load(configuration);
                    var stores = await RelayStores.OpenAsync(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cancellation.Token);
                    var store = stores.Relay;
                    return command switch
                    {
                        "account" => await AccountCommands.RunAsync(verb, parsed, store, stores.Quotas, settings.Relay.Quotas, TimeProvider.System,
                            Console.Out, cancellation.Token),
                        "identity" => await IdentityCommands.RunAsync(verb, parsed, store, Console.Out, cancellation.Token),
                        _ => await ProviderDnsAsync(verb, settings),
                    };
                default:
                    throw new CliUsageException($"unknown command '{command}'.");
            }
        }
        catch (SettingsException ex)
        {
            await Console.Error.WriteLineAsync($"relay: configuration error: {ex.Message}");
            return 2;
        }
        catch (CliUsageException ex)
        {
            await Console.Error.WriteLineAsync($"relay: {ex.Message} Run 'relay --help' for the commands and their options.");
            return 64;
        }
        catch (Exception ex) when (StartupFailure.Describe(ex) is { } failure)
        {
            await Console.Error.WriteLineAsync($"relay: {failure.Message}");
            return failure.ExitCode;
        }
    }

    /// <summary><c>relay run</c> takes only settings: a stray word or option is a typo, never a reason to start a server.</summary>
    private static void RefuseOptions(CliArguments parsed, List<string> words)
    {
        if (words.Count > 1)
        {
            throw new CliUsageException($"'run' takes no words, but was given '{words[1]}'.");
        }

        if (parsed.OptionNames.FirstOrDefault() is { } option)
        {
            throw new CliUsageException($"unknown option '--{option}' (settings are given as --Relay:Section:Key=value).");
        }
    }

    /// <summary>
    /// Runs a command over the same services the relay uses, without starting listeners; log lines go to standard
    /// error so that standard output holds only the command's answer.
    /// </summary>
    private static async Task<int> RunWithServicesAsync(
        CliArguments parsed, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        var configuration = RelayConfiguration.Build(parsed.ConfigurationArguments, parsed.SettingsFile, builder => builder.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Serilog:WriteTo:0:Args:standardErrorFromLevel"] = "Verbose",
            }));
        using var host = await RelayHostFactory.BuildAsync(configuration, HostUse.Command, cancellationToken);
        return await command(host.Services, cancellationToken);
    }

    private static async Task<int> ProviderDnsAsync(string verb, LoadedSettings settings)
    {
        if (verb != "dns")
        {
            throw new CliUsageException($"unknown command 'provider {verb}'.");
        }

        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory();
        var provider = ProviderKeyLoader.LoadOrCreate(settings, loggers.CreateLogger("Relay.Startup"));
        await Console.Out.WriteLineAsync(ProviderKeyLoader.DnsRecord(settings, provider));
        return 0;
    }
}

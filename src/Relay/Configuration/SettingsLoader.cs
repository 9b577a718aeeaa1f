using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Ingestion;
using Relay.Delivery;
using Relay.Dns.Verification;
using Relay.Smtp;

namespace Relay.Configuration;

/// <summary>Binds the <c>Relay</c> section strictly (unknown keys are errors, so typos do not pass silently) and validates it.</summary>
public static class SettingsLoader
{
    /// <summary>The per-user default data folder: <c>$XDG_DATA_HOME/relay</c>, else <c>~/.local/share/relay</c>.</summary>
    public static string UserDataDirectory()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return root.Length > 0
            ? Path.Combine(root, "relay")
            : throw new SettingsException("Relay:DataDirectory is not set and this user has no home folder to put the data in; set it.");
    }

    public static LoadedSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var relay = Bind<RelaySettings>(configuration, "Relay", "Smtp", "NextHop", "Signing", "Identities");
        var identities = Bind<IdentityLifecycleOptions>(configuration, "Relay:Identities");
        var signing = Bind<SigningOptions>(configuration, "Relay:Signing");
        var smtp = Bind<SmtpServerOptions>(configuration, "Relay:Smtp");
        var nextHop = Bind<NextHopOptions>(configuration, "Relay:NextHop");

        var dataDirectory = Path.GetFullPath(relay.DataDirectory.Length > 0 ? relay.DataDirectory : UserDataDirectory());
        smtp.TemporaryDirectory = Path.Combine(dataDirectory, "tmp");
        Validate("Relay:Smtp", smtp.Validate);
        Validate("Relay:NextHop", nextHop.Validate);
        Validate("Relay:Delivery", relay.Delivery.Validate);
        Validate("Relay:Storage", relay.Storage.Validate);
        Validate("Relay:Quotas", relay.Quotas.Validate);
        relay.Store.Validate();
        if (smtp.EnableBinaryMime)
        {
            // The forwarder sends with DATA, which cannot carry binary content.
            throw new SettingsException("Relay:Smtp:EnableBinaryMime cannot be turned on: forwarding does not carry BINARYMIME yet.");
        }

        if (relay.ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new SettingsException("Relay:ShutdownTimeout must be positive.");
        }

        var submission = ParseEndPoint(relay.Listeners.Submission, "Relay:Listeners:Submission");
        var implicitTls = ParseEndPoint(relay.Listeners.ImplicitTls, "Relay:Listeners:ImplicitTls");
        if (submission is null && implicitTls is null)
        {
            throw new SettingsException("Relay:Listeners: at least one of Submission and ImplicitTls must be set.");
        }

        Required(relay.Provider.Domain, "Relay:Provider:Domain");
        Required(relay.Provider.Selector, "Relay:Provider:Selector");
        if (relay.Provider.Ed25519Selector.Length > 0
            && (string.Equals(relay.Provider.Ed25519Selector, relay.Provider.Selector, StringComparison.OrdinalIgnoreCase)
                || !System.Text.RegularExpressions.Regex.IsMatch(relay.Provider.Ed25519Selector, "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")))
        {
            throw new SettingsException(
                $"Relay:Provider:Ed25519Selector '{relay.Provider.Ed25519Selector}' must be one DNS label (letters, digits, '-') other than Relay:Provider:Selector.");
        }
        var networks = ParseNetworks(relay.Relaying);
        ValidateAccounts(relay.Accounts);
        relay.Api.Validate();
        var console = relay.Console.Validate();
        Validate("Relay:Api", Http.ApiServices.OptionsFrom(relay.Api, smtp).Validate);
        var keyZone = KeyZoneOptions.From(relay.KeyZone, relay.Provider.Domain);
        identities.ProviderDkimZone = keyZone.Zone;
        Validate("Relay:Identities", identities.Validate);
        ValidateKeyChangeTimes(identities, keyZone.Ttl, relay.Delivery.MaxAge);
        ValidateNotifications(relay.Notifications);
        ValidateDnsChecks(relay.DnsChecks);
        return new LoadedSettings(relay, smtp, nextHop, signing, dataDirectory, submission, implicitTls, networks)
        {
            Identities = identities,
            KeyZone = keyZone,
            DnsResolver = ParseEndPoint(relay.DnsChecks.Resolver, "Relay:DnsChecks:Resolver"),
            ConsoleEndPoint = console,
        };
    }

    private static T Bind<T>(IConfiguration configuration, string path, params string[] childSectionsBoundElsewhere)
        where T : new()
    {
        var section = configuration.GetSection(path);
        SettingsShape.RefuseValuesForSections(section, typeof(T), path);
        var target = new T();
        try
        {
            // Sections bound onto other types are removed from this view, so strict binding does not flag them.
            IConfiguration view = childSectionsBoundElsewhere.Length == 0 ? section : new ConfigurationBuilder()
                .AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true)
                    .Where(pair => pair.Value is not null
                        && !childSectionsBoundElsewhere.Any(child => pair.Key.StartsWith(child + ":", StringComparison.OrdinalIgnoreCase)
                                                                   || pair.Key.Equals(child, StringComparison.OrdinalIgnoreCase))))
                .Build();
            view.Bind(target, options => options.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new SettingsException(SettingsShape.Explain(path, typeof(T), ex), ex);
        }

        return target;
    }

    /// <summary>
    /// A new Easy DKIM key signs only after resolvers' cached copies of the record it replaced expire, and a retired key
    /// stays published as long as the queue may hold mail signed with it.
    /// </summary>
    private static void ValidateKeyChangeTimes(IdentityLifecycleOptions identities, TimeSpan keyZoneTtl, TimeSpan queueMaxAge)
    {
        identities.KeySwitchDelay ??= keyZoneTtl * 4;
        if (identities.KeySwitchDelay < keyZoneTtl)
        {
            throw new SettingsException(
                $"Relay:Identities:KeySwitchDelay ({identities.KeySwitchDelay}) must be at least Relay:KeyZone:Ttl ({keyZoneTtl}): resolvers may still hold the record a new key replaces.");
        }

        if (identities.RetiredKeyRetention < queueMaxAge)
        {
            throw new SettingsException(
                $"Relay:Identities:RetiredKeyRetention ({identities.RetiredKeyRetention}) must be at least Relay:Delivery:MaxAge ({queueMaxAge}): queued mail signed with a retired key must still verify.");
        }
    }

    private static void Validate(string path, Action validate)
    {
        try
        {
            validate();
        }
        catch (Exception ex) when (ex is ArgumentException or ValidationException)
        {
            throw new SettingsException($"{path}: {ex.Message}", ex);
        }
    }

    private static string Required(string value, string path) =>
        string.IsNullOrWhiteSpace(value) ? throw new SettingsException($"{path} must be set.") : value;

    internal static IPEndPoint? ParseEndPoint(string value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // IPEndPoint.TryParse would read a bare "2587" as the address 0.0.10.27, so the colon is required.
        return value.Contains(':', StringComparison.Ordinal) && IPEndPoint.TryParse(value, out var endPoint)
            ? endPoint
            : throw new SettingsException($"{path} '{value}' is not an address:port such as 0.0.0.0:2587.");
    }

    private static List<IPNetwork> ParseNetworks(RelayingSettings relaying)
    {
        var networks = new List<IPNetwork>();
        for (var index = 0; index < relaying.TrustedNetworks.Count; index++)
        {
            var text = relaying.TrustedNetworks[index];
            if (!IPNetwork.TryParse(text, out var network))
            {
                throw new SettingsException($"Relay:Relaying:TrustedNetworks:{index} '{text}' is not a CIDR network such as 10.0.0.0/8.");
            }

            networks.Add(network);
        }

        if (networks.Count > 0 && string.IsNullOrWhiteSpace(relaying.TrustedNetworkAccount))
        {
            throw new SettingsException("Relay:Relaying:TrustedNetworkAccount must name an account when TrustedNetworks is set.");
        }

        return networks;
    }

    private static void ValidateDnsChecks(DnsCheckSettings checks)
    {
        try
        {
            // The checker validates these only when first resolved, after start-up; check them with everything else.
            new DnsCheckOptions { Timeout = checks.Timeout, Retries = checks.Retries }.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new SettingsException($"Relay:DnsChecks:{ex.ParamName}: {ex.Message}", ex);
        }

        if (checks.BatchSize < 1)
        {
            throw new SettingsException($"Relay:DnsChecks:BatchSize must be at least 1 (was {checks.BatchSize}).");
        }

        if (checks.PollInterval <= TimeSpan.Zero)
        {
            throw new SettingsException($"Relay:DnsChecks:PollInterval must be positive (was {checks.PollInterval}).");
        }

        if (checks.ClaimLease <= TimeSpan.Zero)
        {
            throw new SettingsException($"Relay:DnsChecks:ClaimLease must be positive (was {checks.ClaimLease}).");
        }
    }

    private static void ValidateNotifications(NotificationSettings notifications)
    {
        var url = notifications.WebhookUrl;
        if (!string.IsNullOrWhiteSpace(url)
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            throw new SettingsException($"Relay:Notifications:WebhookUrl '{url}' must be an absolute http or https URL.");
        }

        if (notifications.WebhookTimeout <= TimeSpan.Zero)
        {
            throw new SettingsException("Relay:Notifications:WebhookTimeout must be positive.");
        }
    }

    private static void ValidateAccounts(List<AccountSettings> accounts)
    {
        for (var index = 0; index < accounts.Count; index++)
        {
            var account = accounts[index];
            var path = $"Relay:Accounts:{index}";
            Required(account.Name, path + ":Name");
            Required(account.SmtpUserName, path + ":SmtpUserName");
            if (string.IsNullOrEmpty(account.SmtpPassword) == string.IsNullOrEmpty(account.SmtpPasswordFile))
            {
                throw new SettingsException($"{path}: set exactly one of SmtpPassword and SmtpPasswordFile.");
            }

            if (account.Max24HourSend is { } daily)
            {
                Validate(path, () => Core.Quotas.SendingLimits.ValidateMax24HourSend(daily));
            }

            if (account.MaxSendRate is { } rate)
            {
                Validate(path, () => Core.Quotas.SendingLimits.ValidateMaxSendRate(rate));
            }
        }
    }
}

using System.Text;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Delivery.Events;
using Relay.Hosting;

namespace Relay.Events;

/// <summary>Reads <c>Relay:Events:Webhooks</c> at start-up: every mistake is a one-line settings error naming the entry.</summary>
internal static class EventWebhooks
{
    public static async Task<IReadOnlyList<EventWebhook>> ResolveAsync(EventSettings settings, IAccountStore accounts, CancellationToken cancellationToken)
    {
        Positive(settings.Timeout, "Relay:Events:Timeout");
        Positive(settings.FirstRetryDelay, "Relay:Events:FirstRetryDelay");
        Positive(settings.MaxAge, "Relay:Events:MaxAge");
        if (settings.MaxRetryDelay < settings.FirstRetryDelay)
        {
            throw new SettingsException("Relay:Events:MaxRetryDelay must be at least Relay:Events:FirstRetryDelay.");
        }

        var resolved = new List<EventWebhook>();
        for (var index = 0; index < settings.Webhooks.Count; index++)
        {
            var hook = settings.Webhooks[index];
            var path = $"Relay:Events:Webhooks:{index}";
            if (string.IsNullOrEmpty(hook.Name) || hook.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                throw new SettingsException($"{path}:Name '{hook.Name}' must be letters, digits, '-' and '_'.");
            }

            if (resolved.Any(other => other.Name == hook.Name))
            {
                throw new SettingsException($"{path}:Name '{hook.Name}' is used twice.");
            }

            if (!(Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            {
                throw new SettingsException($"{path}:Url '{hook.Url}' must be an absolute http or https URL.");
            }

            var account = await accounts.FindAccountByNameAsync(hook.Account, cancellationToken)
                ?? throw new SettingsException($"{path}:Account '{hook.Account}' is not an account.");
            if (string.IsNullOrEmpty(hook.Secret) == string.IsNullOrEmpty(hook.SecretFile))
            {
                throw new SettingsException($"{path}: set exactly one of Secret and SecretFile (the key that signs each POST).");
            }

            var secret = string.IsNullOrEmpty(hook.SecretFile) ? hook.Secret : await SecretFile.ReadFirstLineAsync(hook.SecretFile, path + ":SecretFile", cancellationToken);
            resolved.Add(new EventWebhook(
                hook.Name, account.Id, string.IsNullOrEmpty(hook.ConfigurationSet) ? null : hook.ConfigurationSet,
                Kinds(hook.EventTypes, path), url, Encoding.UTF8.GetBytes(secret)));
        }

        return resolved;
    }

    private static HashSet<DeliveryEventKind> Kinds(List<string> names, string path)
    {
        if (names.Count == 0)
        {
            return [.. Enum.GetValues<DeliveryEventKind>()];
        }

        return names.Select(name => Enum.TryParse<DeliveryEventKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? kind
            : throw new SettingsException($"{path}:EventTypes '{name}' is not one of Send, Delivery, Bounce, DeliveryDelay.")).ToHashSet();
    }

    private static void Positive(TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new SettingsException($"{setting} must be positive (was {value}).");
        }
    }
}

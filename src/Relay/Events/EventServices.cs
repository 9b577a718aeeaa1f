using Microsoft.Extensions.DependencyInjection;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Delivery.Events;
using Relay.Delivery.Spool;

namespace Relay.Events;

/// <summary>Wires <c>Relay:Events</c>: the webhooks, their outbox in the data folder, the publisher the queue calls and the sender.</summary>
internal static class EventServices
{
    public static async Task AddDeliveryEventsAsync(this IServiceCollection services, LoadedSettings settings, IAccountStore accounts, CancellationToken cancellationToken)
    {
        var events = settings.Relay.Events;
        var webhooks = await EventWebhooks.ResolveAsync(events, accounts, cancellationToken);
        if (webhooks.Count == 0)
        {
            return;
        }

        if (settings.Relay.Delivery.Mode != DeliveryMode.Queue)
        {
            throw new SettingsException("Relay:Events:Webhooks need Relay:Delivery:Mode=Queue: in session mode there is no queue to report on.");
        }

        var outbox = new EventOutbox(Path.Combine(settings.DataDirectory, "events"));
        var signals = new EventSignals(webhooks);
        services.AddSingleton(events);
        services.AddSingleton(webhooks);
        services.AddSingleton(outbox);
        services.AddSingleton(signals);
        services.AddSingleton<IDeliveryEventSink>(provider => new SesEventPublisher(
            webhooks, outbox, signals, provider.GetRequiredService<IMessageSpool>(), provider.GetRequiredService<TimeProvider>(), settings.Smtp.ServerName));
        services.AddHostedService<WebhookEventSender>();
    }
}

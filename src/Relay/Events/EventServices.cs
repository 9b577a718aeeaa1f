using Microsoft.Extensions.DependencyInjection;
using Relay.Configuration;
using Relay.Delivery.Events;
using Relay.Delivery.Spool;

namespace Relay.Events;

/// <summary>Wires <c>Relay:Events</c>: the webhooks, their outbox in the data folder, the publisher the queue calls and the sender.</summary>
internal static class EventServices
{
    /// <summary>Registers the event pipeline for <paramref name="webhooks"/> (from <see cref="EventWebhooks.ResolveAsync"/>); nothing without any.</summary>
    public static void AddDeliveryEvents(this IServiceCollection services, LoadedSettings settings, IReadOnlyList<EventWebhook> webhooks)
    {
        var events = settings.Relay.Events;
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
        services.AddSingleton(provider => new EventInstruments(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), outbox, webhooks));
        services.AddSingleton<IDeliveryEventSink>(provider => new SesEventPublisher(
            webhooks, outbox, signals, provider.GetRequiredService<IMessageSpool>(), provider.GetRequiredService<TimeProvider>(), settings.Smtp.ServerName,
            provider.GetRequiredService<EventInstruments>()));
        services.AddHostedService<WebhookEventSender>();
    }
}

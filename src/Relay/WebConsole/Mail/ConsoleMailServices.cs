using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relay.Configuration;
using Relay.Core.Ingestion;
using Relay.Delivery.Events;
using Relay.Delivery.Metrics;

namespace Relay.WebConsole.Mail;

/// <summary>
/// Wires the console's operator pages: the recent-outcomes ring, fed by wrapping the queue's delivery-event sink
/// and the ingestion path (registered before this, by the host), and in queue mode the traffic history of the
/// delivery counters.
/// </summary>
internal static class ConsoleMailServices
{
    public static void AddConsoleMail(this IServiceCollection services, LoadedSettings settings)
    {
        services.AddSingleton(settings.Relay.Console.Mail);
        services.AddSingleton<RecentOutcomes>();
        services.AddSingleton<QueueActions>();
        services.AddSingleton<OutcomesView>();
        services.AddSingleton<AccountActions>();
        services.AddSingleton<IConsoleArea, ConsoleMailArea>();
        Wrap<IMessageIngestion>(services, (provider, inner) => new OutcomeRecordingIngestion(
            inner ?? throw new InvalidOperationException("The ingestion path must be registered before the console."),
            provider.GetRequiredService<RecentOutcomes>(), provider.GetRequiredService<TimeProvider>(), settings.Relay.Delivery.Mode == DeliveryMode.Session));
        if (settings.Relay.Delivery.Mode == DeliveryMode.Queue)
        {
            Wrap<IDeliveryEventSink>(services, (provider, inner) => new OutcomeRecordingEventSink(provider.GetRequiredService<RecentOutcomes>(), inner));
            services.AddSingleton(provider => new TrafficHistory(provider.GetRequiredService<DeliveryCounters>(), provider.GetRequiredService<TimeProvider>()));
            services.AddHostedService<TrafficSampler>();
        }
    }

    /// <summary>Replaces the registration of <typeparamref name="TService"/> (if any) with one that wraps what it made.</summary>
    private static void Wrap<TService>(IServiceCollection services, Func<IServiceProvider, TService?, TService> wrap)
        where TService : class
    {
        var existing = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(TService));
        if (existing is null)
        {
            services.AddSingleton(provider => wrap(provider, null));
            return;
        }

        services.Replace(ServiceDescriptor.Singleton(provider => wrap(provider, (TService)Create(provider, existing))));
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);
}

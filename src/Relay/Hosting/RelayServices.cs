using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Ingestion;
using Relay.Core.Storage;
using Relay.Core.Suppression;
using Relay.Delivery;
using Relay.Delivery.Spool;
using Relay.Dkim;
using Relay.Events;
using Relay.Forwarding;
using Relay.FrontDoor;
using Relay.Http;
using Relay.Queueing;
using Relay.Signing;
using Relay.Smtp;
using Relay.Tls;
using Relay.WebConsole;

namespace Relay.Hosting;

/// <summary>Wires the libraries together. The store and the provider key are opened before the host starts so that a bad setting stops start-up.</summary>
internal static class RelayServices
{
    public static async Task AddRelayAsync(this IServiceCollection services, LoadedSettings settings, ILogger startupLogger, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateDirectory(settings.DataDirectory);
        OwnerOnly.CreateDirectory(settings.TemporaryDirectory);
        var stores = await RelayStores.OpenAsync(settings, startupLogger, cancellationToken);
        var store = stores.Relay;
        var quotaStore = stores.Quotas;
        var suppressionStore = stores.Suppression;
        await AccountSeeder.SeedAsync(settings, store, quotaStore, cancellationToken);
        var trustedAccountId = await ResolveTrustedAccountAsync(settings, store, cancellationToken);
        var webhooks = await EventWebhooks.ResolveAsync(settings.Relay.Events, store, cancellationToken);
        var provider = ProviderKeyLoader.LoadOrCreate(settings, startupLogger);

        services.AddSingleton(settings);

        // The first hosted service, so the last to stop: the pool closes after every listener and the quota's last flush.
        services.AddHostedService(_ => new StoreConnectionsShutdown(stores.Connections));
        services.AddMetrics();
        services.AddSingleton<Metrics.PrometheusMeterExporter>();
        services.AddSingleton<Core.Observability.IPrometheusMetrics>(provider => provider.GetRequiredService<Metrics.PrometheusMeterExporter>());
        services.AddHostedService(provider => provider.GetRequiredService<Metrics.PrometheusMeterExporter>());
        services.AddSingleton<Core.Observability.IngestionInstruments>();
        services.AddSingleton<Delivery.Metrics.DeliveryInstruments>();
        services.AddSingleton<Core.Observability.IPrometheusMetrics, Metrics.IdentityMetrics>();
        services.AddSingleton<Core.Observability.IPrometheusMetrics, Metrics.ProcessMetrics>();
        var time = TimeProvider.System;
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton<IAccountStore>(store);
        services.AddSingleton<IIdentityStore>(store);
        services.AddSingleton<ISuppressionStore>(suppressionStore);
        services.AddSingleton<SuppressionList>();
        services.AddSingleton(provider);
        services.AddSingleton(settings.Signing);
        services.AddSingleton(settings.Relay.Trace);
        services.AddSingleton<ReceivedHeaderBuilder>();
        services.AddSingleton<MessageIds>();
        services.AddSingleton<IdentityResolver>();
        services.AddSingleton(new SendingRegion(settings.Relay.Api.Region));
        services.AddSingleton<SenderIdentityCheck>();
        services.AddSingleton(new ContentBufferFactory(settings.TemporaryDirectory, settings.Smtp.InMemoryMessageThreshold));
        services.AddSingleton(provider => new StorageReserve(
            settings.Relay.Storage, settings.DataDirectory, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<StorageReserve>>(),
            reclaim: provider.GetService<FileMessageSpool>() is { } spool ? spool.ReleaseSpares : null));
        services.AddSingleton<DkimMessageSigner>();
        services.AddSingleton<IMessageSigner, DkimMessageSignerAdapter>();
        services.AddSingleton(settings.NextHop);
        services.AddSingleton(settings.Smtp);
        services.AddSingleton<IMessageForwarder, SmtpForwarder>();
        services.AddRelayDelivery(settings);
        services.AddDeliveryEvents(settings, webhooks);
        services.AddSingleton<MessageIngestionService>();
        services.AddSingleton<IMessageIngestion>(provider => provider.GetRequiredService<MessageIngestionService>());
        services.AddSingleton<ISystemMessageSubmission>(provider => provider.GetRequiredService<MessageIngestionService>());
        services.AddIdentityLifecycle(settings, store);
        await services.AddSendingQuotaAsync(settings, quotaStore, stores.SharedRate, time, cancellationToken);
        services.AddRelayApi(settings, stores.AccessKeys);
        services.AddRelayConsole(settings);

        services.AddSingleton(new SessionAccounts(settings.TrustedNetworks, trustedAccountId));
        services.AddSingleton<ISmtpPasswordVerifier, Pbkdf2SmtpPasswordVerifier>();
        services.AddSingleton<ISmtpAuthenticator, AccountAuthenticator>();
        services.AddSingleton<ISmtpTransactionPolicy, RelayTransactionPolicy>();
        services.AddSingleton<ISmtpMessageHandler, SmtpIngestionHandler>();
        services.AddSingleton<IServerCertificateProvider, ServerCertificateProvider>();
        services.AddHostedService<StartupSummary>();
        services.AddSingleton<SmtpListenerService>();
        services.AddHostedService(provider => provider.GetRequiredService<SmtpListenerService>());
        services.AddSingleton<Core.Observability.IReadinessCheck, Health.StoreReadiness>();
        services.AddSingleton<Core.Observability.IReadinessCheck, Health.DiskReadiness>();
        services.AddSingleton<Core.Observability.IReadinessCheck, Health.ListenerReadiness>();
    }

    private static async Task<string?> ResolveTrustedAccountAsync(LoadedSettings settings, IRelayStore store, CancellationToken cancellationToken)
    {
        var name = settings.Relay.Relaying.TrustedNetworkAccount;
        if (settings.TrustedNetworks.Count == 0)
        {
            return null;
        }

        var account = await store.FindAccountByNameAsync(name, cancellationToken);
        return account?.Id ?? throw new SettingsException($"Relay:Relaying:TrustedNetworkAccount '{name}' is not an account.");
    }
}

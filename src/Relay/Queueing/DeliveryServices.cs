using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Ingestion;
using Relay.Core.Suppression;
using Relay.Delivery;
using Relay.Delivery.Bounces;
using Relay.Core.Observability;
using Relay.Delivery.Metrics;
using Relay.Delivery.Queue;
using Relay.Delivery.Routing;
using Relay.Delivery.Spool;
using Relay.Forwarding;

namespace Relay.Queueing;

/// <summary>Wires the outbound side for <c>Relay:Delivery:Mode</c>: the spool and its scheduler, or forwarding in the session.</summary>
internal static class DeliveryServices
{
    /// <summary>Registers <see cref="IOutboundDispatcher"/>, <see cref="INextHopCapabilities"/> and, in queue mode, the queue's hosted service.</summary>
    public static void AddRelayDelivery(this IServiceCollection services, LoadedSettings settings)
    {
        var delivery = settings.Relay.Delivery;
        services.AddSingleton<NextHopCapabilityProbe>();
        if (delivery.Mode == DeliveryMode.Session)
        {
            services.AddSingleton<IOutboundDispatcher, NextHopDispatcher>();
            services.AddSingleton<INextHopCapabilities, NextHopCapabilities>();
            return;
        }

        if (delivery.Routing == DeliveryRouting.Mx)
        {
            services.AddSingleton<INextHopCapabilities, EightBitPassThrough>();
        }
        else
        {
            services.AddSingleton<INextHopCapabilities, NextHopCapabilities>();
        }

        var queueOptions = delivery.ToQueueOptions();
        var spoolDirectory = QueuePaths.Spool(settings);
        services.AddSingleton(queueOptions);
        services.AddSingleton(new DeliveryCounters());
        services.AddSingleton(provider => new FileMessageSpool(
            spoolDirectory, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<FileMessageSpool>>(),
            settings.Relay.Storage.MaxSpareBytes));
        services.AddSingleton<IMessageSpool>(provider => provider.GetRequiredService<FileMessageSpool>());
        services.AddSingleton(provider => RouterFor(settings));
        services.AddSingleton<SmtpDeliveryTransport>();
        services.AddSingleton(new DsnBuilder(new BounceOptions(settings.Smtp.ServerName, $"MAILER-DAEMON@{settings.Relay.Provider.Domain}")));
        services.AddSingleton<IBounceSubmitter, SystemBounceSubmitter>();
        services.AddSingleton(provider => new DeliverySchedulerParts(
            provider.GetRequiredService<IMessageSpool>(),
            provider.GetRequiredService<IDeliveryRouter>(),
            provider.GetRequiredService<SmtpDeliveryTransport>(),
            provider.GetRequiredService<DsnBuilder>(),
            provider.GetRequiredService<IBounceSubmitter>(),
            provider.GetRequiredService<DeliveryCounters>(),
            new SpoolCommandInbox(spoolDirectory),
            new AccountSuppression(provider.GetRequiredService<SuppressionList>()),
            provider.GetService<Delivery.Events.IDeliveryEventSink>()));
        services.AddSingleton(new RetrySchedule(queueOptions, Random.Shared));
        services.AddSingleton<DeliveryScheduler>();
        services.AddSingleton<IOutboundDispatcher, QueueDispatcher>();
        services.AddHostedService<QueueRunnerService>();
        services.AddSingleton<IPrometheusMetrics, DeliveryMetrics>();
    }

    private static IDeliveryRouter RouterFor(LoadedSettings settings)
    {
        var delivery = settings.Relay.Delivery;
        if (delivery.Routing == DeliveryRouting.Smarthost)
        {
            return new SmarthostRouter(settings.NextHop);
        }

        var template = new NextHopOptions
        {
            Host = "mx",
            Port = delivery.MxPort,
            TlsMode = delivery.RequireTls ? NextHopTlsMode.StartTlsRequired : NextHopTlsMode.StartTlsWhenAvailable,
            ConnectTimeout = settings.NextHop.ConnectTimeout,
            CommandTimeout = settings.NextHop.CommandTimeout,
            QuitTimeout = settings.NextHop.QuitTimeout,
            LocalDomain = settings.NextHop.LocalDomain,
        };
        return new MxRouter(new DnsMxResolver(delivery.DnsServerEndPoints(), delivery.DnsTimeout), template);
    }
}

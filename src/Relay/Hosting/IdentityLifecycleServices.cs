using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Dns;
using Relay.Dns.Verification;
using Relay.Identities;
using Relay.KeyZone;

namespace Relay.Hosting;

/// <summary>Wires the Easy DKIM lifecycle: management, DNS checks, the background verifier, notices and the key zone's responder.</summary>
internal static class IdentityLifecycleServices
{
    public static void AddIdentityLifecycle(this IServiceCollection services, LoadedSettings settings, IRelayStore store)
    {
        var checks = settings.Relay.DnsChecks;
        services.AddSingleton(settings.Identities);
        services.AddSingleton<IDkimRecordStore>(store);
        services.AddSingleton<IIdentityTagStore>(store);
        services.AddSingleton<IOperationCallStore>(store);
        services.AddSingleton<IIdentityHistoryStore>(store);
        services.AddSingleton<IDkimKeyFactory, RsaDkimKeyFactory>();
        services.AddSingleton<IEd25519DkimKeyFactory, Ed25519DkimKeyFactory>();
        services.AddSingleton(provider => new DkimRecordChecker(
            new DnsCheckOptions { Resolver = settings.DnsResolver, Timeout = checks.Timeout, Retries = checks.Retries },
            provider.GetRequiredService<ILogger<DkimRecordChecker>>()));
        services.AddSingleton<DnsIdentityChecker>();
        services.AddSingleton<IIdentityDnsChecker>(provider => new Metrics.MeasuredDnsChecker(
            provider.GetRequiredService<DnsIdentityChecker>(), provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }));
        services.AddSingleton<IIdentityNotifier, IdentityNotifier>();
        services.AddSingleton<IdentityVerifier>();
        services.AddSingleton<IdentityManagementService>();
        services.AddSingleton<IIdentityManagement>(provider => provider.GetRequiredService<IdentityManagementService>());
        services.AddHostedService<IdentityVerificationService>();

        services.AddSingleton(settings.KeyZone);
        services.AddSingleton<IDkimKeyRecordSource, StoreDkimKeyRecordSource>();
        if (settings.Relay.KeyZone.Enabled)
        {
            services.AddSingleton<KeyZoneService>();
            services.AddHostedService(provider => provider.GetRequiredService<KeyZoneService>());
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Quotas;

namespace Relay.Hosting;

/// <summary>
/// The accounts' sending quota: read from the store before the host starts, shared by SMTP and the API, written back
/// by <see cref="SendingQuotaFlushService"/>. Registered before the listeners, so that on shutdown it stops after them
/// and its last flush counts every message they accepted. The rate is the shared store's when there is one (several
/// nodes), else this process's own bucket.
/// </summary>
internal static class SendingQuotaServices
{
    public static async Task AddSendingQuotaAsync(
        this IServiceCollection services, LoadedSettings settings, ISendingQuotaStore store, ISendRateStore? sharedRate, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var stored = await SendingQuota.ReadStoredAsync(store, time.GetUtcNow(), cancellationToken);
        services.AddSingleton(store);
        services.AddSingleton(settings.Relay.Quotas);
        services.AddSingleton(provider =>
        {
            var clock = provider.GetRequiredService<TimeProvider>();
            ISendRate rate = sharedRate is null ? new InMemorySendRate(clock) : new StoredSendRate(sharedRate, clock);
            return new SendingQuota(store, settings.Relay.Quotas, stored, clock, provider.GetRequiredService<ILogger<SendingQuota>>(), rate);
        });
        services.AddSingleton<ISendQuotaSource>(provider => provider.GetRequiredService<SendingQuota>());
        services.AddHostedService<SendingQuotaFlushService>();
    }
}

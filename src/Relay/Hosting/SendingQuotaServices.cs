using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Quotas;

namespace Relay.Hosting;

/// <summary>
/// The accounts' sending quota: read from the store before the host starts, shared by SMTP and the API, written back
/// by <see cref="SendingQuotaFlushService"/>. Registered before the listeners, so that on shutdown it stops after them
/// and its last flush counts every message they accepted.
/// </summary>
internal static class SendingQuotaServices
{
    public static async Task AddSendingQuotaAsync(
        this IServiceCollection services, LoadedSettings settings, ISendingQuotaStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var stored = await SendingQuota.ReadStoredAsync(store, time.GetUtcNow(), cancellationToken);
        services.AddSingleton(store);
        services.AddSingleton(settings.Relay.Quotas);
        services.AddSingleton(provider => new SendingQuota(
            store, settings.Relay.Quotas, stored, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<SendingQuota>>()));
        services.AddSingleton<ISendQuotaSource>(provider => provider.GetRequiredService<SendingQuota>());
        services.AddHostedService<SendingQuotaFlushService>();
    }
}

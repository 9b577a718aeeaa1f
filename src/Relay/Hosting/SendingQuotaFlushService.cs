using Microsoft.Extensions.Hosting;
using Relay.Core.Quotas;

namespace Relay.Hosting;

/// <summary>Writes the sending counts every <see cref="SendingQuotaOptions.FlushInterval"/> and once more when the relay stops.</summary>
internal sealed class SendingQuotaFlushService(SendingQuota quota, SendingQuotaOptions options, TimeProvider time) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // The listeners stopped before this service (registered after it): no message is accepted after this flush.
        await quota.FlushAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await quota.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }
}

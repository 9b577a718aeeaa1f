using Microsoft.Extensions.Hosting;
using Relay.Delivery.Queue;

namespace Relay.Queueing;

/// <summary>
/// Recovers the spool when the host starts (registered before the SMTP listener, so before the first message is
/// accepted), then runs the scheduler. On shutdown, deliveries in flight finish unless the host's shutdown timeout
/// runs out; then they are abandoned and their messages delivered again after the next start.
/// </summary>
internal sealed class QueueRunnerService(DeliveryScheduler scheduler) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await scheduler.RecoverAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var abort = cancellationToken.Register(scheduler.AbortDeliveries);
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}

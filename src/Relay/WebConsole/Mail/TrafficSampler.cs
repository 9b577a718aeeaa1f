using Microsoft.Extensions.Hosting;

namespace Relay.WebConsole.Mail;

/// <summary>Takes a <see cref="TrafficHistory"/> sample every <see cref="TrafficHistory.SampleInterval"/> while Relay runs.</summary>
internal sealed class TrafficSampler(TrafficHistory history, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TrafficHistory.SampleInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                history.Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Relay is stopping.
        }
    }
}

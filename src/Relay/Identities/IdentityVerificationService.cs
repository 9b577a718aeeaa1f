using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Relay.Configuration;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Identities;

/// <summary>
/// The background half of the lifecycle: checks every identity whose check is due, then sleeps until the next one
/// (at most <see cref="DnsCheckSettings.PollInterval"/>, so that identities changed by the CLI are picked up). On
/// several nodes each node's service runs, and each due identity is claimed by one of them
/// (<see cref="DnsCheckSettings.ClaimLease"/>).
/// </summary>
internal sealed partial class IdentityVerificationService(
    IdentityVerifier verifier,
    IIdentityStore store,
    LoadedSettings settings,
    TimeProvider time,
    ILogger<IdentityVerificationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var checks = settings.Relay.DnsChecks;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await verifier.CheckDueAsync(checks.BatchSize, checks.ClaimLease, stoppingToken) == checks.BatchSize)
                {
                    // A full batch: there may be more due at once.
                }

                await Task.Delay(await DelayUntilNextCheckAsync(checks.PollInterval, stoppingToken), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store or DNS fault must not end verification for good; try again after a pause.
                LogSweepFailed(ex);
                await Task.Delay(checks.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<TimeSpan> DelayUntilNextCheckAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        var next = await store.NextCheckAsync(cancellationToken);
        if (next is null)
        {
            return longest;
        }

        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < longest ? wait : longest;
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Identity verification sweep failed; retrying")]
    private partial void LogSweepFailed(Exception exception);
}

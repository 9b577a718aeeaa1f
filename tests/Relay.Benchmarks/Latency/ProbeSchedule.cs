namespace Relay.Benchmarks.Latency;

/// <summary>
/// The fixed send schedule of the latency probe: message <c>id</c> is due <c>interval × id</c> after the start.
/// A slow message is not followed by a pause, so the rate holds on average.
/// </summary>
internal sealed class ProbeSchedule(TimeSpan interval, long startTimestamp, TimeProvider time)
{
    public async Task WaitForTurnAsync(int id, CancellationToken cancellationToken)
    {
        var wait = interval * id - time.GetElapsedTime(startTimestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}

using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Waits for queued delivery to reach a sink. Delivery runs in the relay's background on the real clock, so the
/// only way to know it happened is to look again; the limit only turns a hang into a failure.
/// </summary>
internal static class SinkWait
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<IReadOnlyList<SmtpSinkTransaction>> ForDeliveredAsync(SmtpSink sink, int count, TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        while (sink.Delivered.Count < count)
        {
            try
            {
                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{sink.Delivered.Count} of {count} message(s) reached the sink within {limit}.");
            }
        }

        return sink.Delivered;
    }
}

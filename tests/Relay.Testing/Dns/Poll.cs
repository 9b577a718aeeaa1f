namespace Relay.Testing.Dns;

/// <summary>
/// Waits for an external daemon to reach a state (listening, zone reloaded). This is not time logic under test:
/// the daemons are other processes, and the only way to know they are ready is to ask them again.
/// </summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>True as soon as <paramref name="condition"/> holds; false when <paramref name="limit"/> passed first.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            try
            {
                await Task.Delay(Interval, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return await condition();
            }
        }
    }
}

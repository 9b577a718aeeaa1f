namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// Holds compare-and-swap saves back until <c>parties</c> of them wait, then lets them all (and every later one) through:
/// requests on two nodes then both read before either saves, as when they run at the same moment.
/// </summary>
internal sealed class SaveGate(int parties)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    public Task WaitAsync()
    {
        if (Interlocked.Increment(ref _waiting) >= parties)
        {
            _open.TrySetResult();
        }

        return _open.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

namespace Relay.Fuzz;

/// <summary>
/// A clock whose timers never fire. Every input ends with end-of-stream, so no session or query needs a timeout to
/// finish; the harness's own wall-clock deadline catches one that hangs. Saves a real timer per command line.
/// </summary>
internal sealed class FrozenTimeProvider : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => NeverTimer.Instance;

    private sealed class NeverTimer : ITimer
    {
        public static NeverTimer Instance { get; } = new();

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

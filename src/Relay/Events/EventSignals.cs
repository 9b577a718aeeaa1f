namespace Relay.Events;

/// <summary>Wakes a webhook's sender when an event for it was kept, so it need not poll its outbox.</summary>
internal sealed class EventSignals
{
    private readonly Dictionary<string, SemaphoreSlim> _signals;

    public EventSignals(IReadOnlyList<EventWebhook> webhooks) =>
        _signals = webhooks.ToDictionary(hook => hook.Name, _ => new SemaphoreSlim(0, 1), StringComparer.Ordinal);

    public void Signal(string webhook)
    {
        var signal = _signals[webhook];
        lock (signal)
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(string webhook, TimeSpan timeout, CancellationToken cancellationToken) =>
        _signals[webhook].WaitAsync(timeout, cancellationToken);
}

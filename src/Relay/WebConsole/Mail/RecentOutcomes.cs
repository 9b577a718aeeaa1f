using Relay.Configuration;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The last <see cref="ConsoleMailSettings.RecentOutcomes"/> outcomes this node saw, in memory: Relay keeps no
/// per-message history once a message has left the spool, so the outcomes page reads what the delivery events and the
/// ingestion path report while this process runs. Another node's outcomes, and those before a restart, are not here.
/// </summary>
internal sealed class RecentOutcomes(ConsoleMailSettings settings)
{
    private readonly Queue<RecentOutcome> _outcomes = new();
    private readonly Lock _gate = new();

    public int Capacity => settings.RecentOutcomes;

    public void Record(RecentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            while (_outcomes.Count >= settings.RecentOutcomes)
            {
                _outcomes.Dequeue();
            }

            _outcomes.Enqueue(outcome);
        }
    }

    /// <summary>The kept outcomes, newest first; only <paramref name="accountId"/>'s when given.</summary>
    public IReadOnlyList<RecentOutcome> Newest(string? accountId)
    {
        lock (_gate)
        {
            return _outcomes.Where(outcome => accountId is null || outcome.AccountId == accountId).Reverse().ToList();
        }
    }
}

namespace Relay.Configuration;

/// <summary>The console's mail pages (<c>Relay:Console:Mail</c>): how much of the queue one page shows, how many recent outcomes a node keeps.</summary>
public sealed class ConsoleMailSettings
{
    /// <summary>Queued messages per page of the queue listing; only that page's envelopes are read.</summary>
    public int QueuePageSize { get; set; } = 50;

    /// <summary>Recent outcomes (accepted, delivered, deferred, bounced, rejected) this node keeps in memory for the outcomes page; the oldest go first.</summary>
    public int RecentOutcomes { get; set; } = 1000;

    /// <summary>Throws <see cref="SettingsException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (QueuePageSize is < 1 or > 1000)
        {
            throw new SettingsException($"Relay:Console:Mail:QueuePageSize must be from 1 to 1000 (was {QueuePageSize}).");
        }

        if (RecentOutcomes is < 1 or > 100_000)
        {
            throw new SettingsException($"Relay:Console:Mail:RecentOutcomes must be from 1 to 100000 (was {RecentOutcomes}).");
        }
    }
}

namespace Relay.WebConsole.Mail;

/// <summary>How much the counters grew from <paramref name="Start"/> to <paramref name="End"/>.</summary>
internal sealed record TrafficBucket(DateTimeOffset Start, DateTimeOffset End, TrafficTotals Counts);

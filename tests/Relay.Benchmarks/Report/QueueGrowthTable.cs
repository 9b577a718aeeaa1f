using System.Globalization;
using System.Text;
using static Relay.Benchmarks.Report.MarkdownReport;

namespace Relay.Benchmarks.Report;

/// <summary>
/// "Cost as work grows": Relay's accept rate and CPU per message with N messages already queued (next hop paused),
/// from keys <c>queue.N.accept</c> and <c>queue.N.accept.cpu_ms_per_message</c>, and the time to drain the queue.
/// </summary>
internal static class QueueGrowthTable
{
    public static void Append(StringBuilder text, ResultSet results, Target flat)
    {
        var levels = results.Keys
            .Select(key => key.Split('.'))
            .Where(parts => parts.Length == 3 && parts[0] == "queue" && parts[2] == "accept")
            .Select(parts => int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture))
            .Order()
            .ToList();
        if (levels.Count == 0 && results.Number("queue.drain.seconds") is null)
        {
            text.AppendLine("Cost as work grows: not measured in this run (`--queued none`).");
            return;
        }

        text.AppendLine(Invariant(
            $"Cost as work grows: Relay accepting {Value(results, "meta.queue_accept_messages")} 4 KB messages ({Value(results, "meta.queue_sessions")} sessions, reused) with messages already queued and the next hop paused (nothing listens on it; each message's first attempt fails and waits for its retry), timed to smtp-source's last 250:"));
        text.AppendLine();
        text.AppendLine("| Already queued | Accept (msg/s) | Relay CPU (ms/msg) | Change in accept rate vs empty queue | Target |");
        text.AppendLine("|---:|---:|---:|---:|---|");
        var baseline = levels.Count > 0 ? results.Number(Invariant($"queue.{levels[0]}.accept")) : null;
        foreach (var level in levels)
        {
            var rate = results.Number(Invariant($"queue.{level}.accept"));
            var cpu = results.Number(Invariant($"queue.{level}.accept.cpu_ms_per_message"));
            double? change = level == levels[0] ? null : rate / baseline - 1;
            text.AppendLine(Invariant(
                $"| {level} | {Format(rate, "0.0")} | {Format(cpu, "0.00")} | {Format(change * 100, "+0.0;-0.0", " %")} | {(change is null ? string.Empty : flat.Verdict(change))} |"));
        }

        text.AppendLine();
        var drained = results.Number("queue.drain.messages");
        var seconds = results.Number("queue.drain.seconds");
        text.AppendLine(Invariant(
            $"Drain: with the next hop back and every queued message asked to retry at once (`<spool>/cmd/ID.retry`, what `relay queue retry ID` leaves), {Format(drained, "0")} messages reached the sink in {Format(seconds, "0.0")} s ({Format(drained / seconds, "0.0")} msg/s)."));
    }
}

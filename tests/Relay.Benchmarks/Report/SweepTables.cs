using System.Text;
using static Relay.Benchmarks.Report.MarkdownReport;

namespace Relay.Benchmarks.Report;

/// <summary>
/// The sweep in the report: each side at its best configuration with the ratio of bests (issue 17's targets), and
/// every configuration's median for every side.
/// </summary>
internal static class SweepTables
{
    private static readonly string[] PostfixSides = ["postfix-unix", "postfix-inet"];

    public static void Append(StringBuilder text, ThroughputSweep sweep, Target fourKb, Target hundredKb)
    {
        text.AppendLine("Each side at its best (the configuration of the sweep where its median peaks):");
        text.AppendLine();
        text.AppendLine("| Size | Relay, best | Postfix + OpenDKIM (UNIX socket), best | Postfix + OpenDKIM (inet), best | Relay / best Postfix | Target |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (size, label, target) in new[] { (4096, "4 KB", fourKb), (102400, "100 KB", hundredKb) })
        {
            var relay = sweep.Best(ThroughputSweep.Relay, size);
            var postfix = sweep.Best(ThroughputSweep.Postfix, size);
            var ratio = relay?.Median / postfix?.Median;
            text.AppendLine(Invariant(
                $"| {label} | {Cell(relay)} | {Cell(sweep.Best("postfix-unix", size))} | {Cell(sweep.Best("postfix-inet", size))} | {Format(ratio, "0.00", "×")} | {target.Verdict(ratio)} |"));
        }

        text.AppendLine();
        text.AppendLine("The sweep (msg/s at the sink, median of the runs; Relay's CPU per message in ms):");
        text.AppendLine();
        text.AppendLine("| Size | Sessions | Connections | Relay | Relay CPU (ms/msg) | Postfix + OpenDKIM (UNIX socket) | Postfix + OpenDKIM (inet) |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var configuration in sweep.Points.GroupBy(p => (p.Size, p.Sessions, p.Reuse)))
        {
            var relay = configuration.FirstOrDefault(p => p.Side == ThroughputSweep.Relay);
            var cells = PostfixSides.Select(side => Format(configuration.FirstOrDefault(p => p.Side == side)?.Median, "0.0"));
            text.AppendLine(Invariant(
                $"| {SizeLabel(configuration.Key.Size)} | {configuration.Key.Sessions} | {(configuration.Key.Reuse == "yes" ? "reused" : "one per message")} | {Format(relay?.Median, "0.0")} | {Format(relay?.CpuMilliseconds, "0.00")} | {string.Join(" | ", cells)} |"));
        }
    }

    public static string SideName(string side) => side switch
    {
        ThroughputSweep.Relay => "Relay",
        "postfix-unix" => "Postfix (unix)",
        "postfix-inet" => "Postfix (inet)",
        _ => side,
    };

    private static string Cell(SweepPoint? point) =>
        point is null ? Missing : Invariant($"{point.Median:0.0} ({point.Configuration})");

    private static string SizeLabel(int size) => size % 1024 == 0 ? Invariant($"{size / 1024} KB") : Invariant($"{size} B");
}

using System.Globalization;
using System.Text;
using static Relay.Benchmarks.Report.MarkdownReport;

namespace Relay.Benchmarks.Report;

/// <summary>
/// Relay's CPU per message split by stage, from the profiled run of each size: the share of perf samples that
/// <c>profile_stages.py</c> gave each stage (<c>profile.SIZE.stage.KEY</c>) times that run's CPU per message
/// (<c>profiled.relay.SIZE.cpu_ms_per_message</c>).
/// </summary>
internal static class StageTable
{
    private static readonly (string Key, string Label)[] Stages =
    [
        ("smtp", "SMTP receive (sessions, DATA, replies)"),
        ("checks", "Checks (header preparation, From, quotas, suppression)"),
        ("identity", "Identity resolution (store look-ups)"),
        ("signing", "Signing (hashes and RSA)"),
        ("spool", "Spool (durable writes, updates, deletes)"),
        ("events", "Events"),
        ("delivery", "Delivery (queue, next-hop SMTP)"),
        ("jit", "Runtime: JIT compiler"),
        ("runtime", "Runtime: GC, type system, stubs"),
        ("other", "Other: thread pool and kernel work with no stage on its stack"),
    ];

    public static void Append(StringBuilder text, ResultSet results, IReadOnlyList<(string Size, string Label)> sizes)
    {
        var profiled = sizes.Where(size => results.Number(Invariant($"profile.{size.Size}.stage.other")) is not null).ToList();
        if (profiled.Count == 0)
        {
            text.AppendLine("Relay's CPU per message by stage: not measured in this run (no `--profile`).");
            return;
        }

        text.AppendLine("Relay's CPU per message by stage (one extra Relay run per size under `perf record -g`; each sample goes to the stage of the first frame from the leaf up that belongs to one, so an RSA operation the signer calls is signing and a disk write the spool calls is the spool; ms = share × that run's CPU per message):");
        text.AppendLine();
        text.AppendLine("| Stage | " + string.Join(" | ", profiled.Select(size => Invariant($"{size.Label}: share | {size.Label}: ms/msg"))) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|---:|", profiled.Count)));
        foreach (var (key, label) in Stages)
        {
            var cells = profiled.Select(size =>
            {
                var share = results.Number(Invariant($"profile.{size.Size}.stage.{key}"));
                var cpu = results.Number(Invariant($"profiled.relay.{size.Size}.cpu_ms_per_message"));
                return Invariant($"{Format(share * 100, "0.0", " %")} | {Format(share * cpu, "0.00")}");
            });
            text.AppendLine(Invariant($"| {label} | {string.Join(" | ", cells)} |"));
        }

        var totals = profiled.Select(size =>
            Invariant($"100 % | {Format(results.Number(Invariant($"profiled.relay.{size.Size}.cpu_ms_per_message")), "0.00")}"));
        text.AppendLine(Invariant($"| All | {string.Join(" | ", totals)} |"));
    }
}

using System.Text;
using static Relay.Benchmarks.Report.MarkdownReport;

namespace Relay.Benchmarks.Report;

/// <summary>
/// The cost of adding an Ed25519 signature (RFC 8463 dual signing): Relay's throughput and CPU per message with the
/// two RSA signatures and with an ed25519-sha256 one besides, from keys <c>ed25519.rsa_only</c> and
/// <c>ed25519.with_ed25519</c> (medians of interleaved runs).
/// </summary>
internal static class Ed25519CostTable
{
    public static void Append(StringBuilder text, ResultSet results)
    {
        var rsaOnly = Median(results, "ed25519.rsa_only");
        var withEd25519 = Median(results, "ed25519.with_ed25519");
        if (rsaOnly is null || withEd25519 is null)
        {
            text.AppendLine("Cost of an Ed25519 signature beside the RSA ones: not measured in this run.");
            return;
        }

        var rsaCpu = Median(results, "ed25519.rsa_only.cpu_ms_per_message");
        var edCpu = Median(results, "ed25519.with_ed25519.cpu_ms_per_message");
        text.AppendLine(Invariant(
            $"Cost of an Ed25519 signature beside the RSA ones (Relay restarted alternately with and without the provider's Ed25519 key; 4 KB, 50 sessions, connections reused; {Value(results, "meta.runs")} interleaved runs each, medians; {Value(results, "ed25519.sample_signed")} of {Value(results, "ed25519.sample_total")} sampled messages carried the ed25519-sha256 signature):"));
        text.AppendLine();
        text.AppendLine("| Signatures per message | msg/s | Relay CPU (ms/msg) |");
        text.AppendLine("|---|---:|---:|");
        text.AppendLine(Invariant($"| 2 × rsa-sha256 (customer, provider) | {Format(rsaOnly, "0.0")} | {Format(rsaCpu, "0.00")} |"));
        text.AppendLine(Invariant($"| 2 × rsa-sha256 + ed25519-sha256 (provider) | {Format(withEd25519, "0.0")} | {Format(edCpu, "0.00")} |"));
        text.AppendLine(Invariant($"| Change | {Format((withEd25519 / rsaOnly - 1) * 100, "+0.0;-0.0", " %")} | {Format(edCpu - rsaCpu, "+0.00;-0.00")} |"));
    }

    private static double? Median(ResultSet results, string key) =>
        results.Numbers(key) is { Count: > 0 } values ? Statistics.Median(values.ToArray()) : null;
}

using System.Globalization;
using System.Text;

namespace Relay.Benchmarks.Report;

/// <summary>
/// The benchmark's table: throughput medians and their ratio, latency, memory and the cost of signing alone,
/// with the machine, the versions and the load it was measured under, and every individual run.
/// </summary>
internal static class MarkdownReport
{
    public const string Missing = "–";

    private static readonly Target FourKbTarget = new("≥ 2×", ratio => ratio >= 2);
    private static readonly Target HundredKbTarget = new("≥ 1.5×", ratio => ratio >= 1.5);
    private static readonly Target SigningTarget = new("≤ 1.5×", ratio => ratio <= 1.5);
    private static readonly Target LargeMessageTarget = new("< 150 MB", megabytes => megabytes < 150);
    private static readonly Target BestFourKbTarget = new("≥ 4×", ratio => ratio >= 4);
    private static readonly Target BestHundredKbTarget = new("≥ 3×", ratio => ratio >= 3);
    private static readonly Target HalfRateLatencyTarget = new("< 25 ms", milliseconds => milliseconds < 25);
    private static readonly Target FlatEnqueueTarget = new("within 10 %", change => Math.Abs(change) <= 0.10);
    private static readonly (string Size, string Label)[] Sizes = [("4096", "4 KB"), ("102400", "100 KB")];

    public static string Render(ResultSet results)
    {
        var text = new StringBuilder();
        var mode = results.Text("meta.mode") ?? "full";
        text.AppendLine(Invariant($"## Relay vs Postfix + OpenDKIM ({mode} run)"));
        text.AppendLine();
        if (results.Text("meta.note") is { Length: > 0 } note)
        {
            text.AppendLine(Invariant($"> {note}"));
            text.AppendLine();
        }

        AppendSetting(text, results);
        text.AppendLine();
        var sweep = ThroughputSweep.From(results);
        AppendMainTable(text, results, sweep);
        text.AppendLine();
        SweepTables.Append(text, sweep, BestFourKbTarget, BestHundredKbTarget);
        text.AppendLine();
        QueueGrowthTable.Append(text, results, FlatEnqueueTarget);
        text.AppendLine();
        StageTable.Append(text, results, Sizes);
        text.AppendLine();
        Ed25519CostTable.Append(text, results);
        text.AppendLine();
        AppendSigningTable(text, results);
        text.AppendLine();
        AppendRuns(text, results, sweep);
        return text.ToString();
    }

    private static void AppendSetting(StringBuilder text, ResultSet results)
    {
        text.AppendLine(Invariant($"- Date: {Value(results, "meta.date")}"));
        text.AppendLine(Invariant(
            $"- Machine: {Value(results, "meta.nproc")} CPUs ({Value(results, "meta.cpu")}), kernel {Value(results, "meta.kernel")}, {Value(results, "meta.memory")} RAM, load average at the start {Value(results, "meta.loadavg")}"));
        text.AppendLine(Invariant(
            $"- Software: .NET {Value(results, "meta.dotnet")}, Postfix {Value(results, "meta.postfix")}, OpenDKIM {Value(results, "meta.opendkim")}, {Value(results, "meta.openssl")}"));
        text.AppendLine(Invariant(
            $"- Relay: commit {Value(results, "meta.commit")}, {Value(results, "meta.relay_configuration")} build, delivery mode {Value(results, "meta.relay_mode")}; its defaults plus loopback listener, next hop, trusted network 127.0.0.0/8, provider key"));
        text.AppendLine(Invariant(
            $"- Load: smtp-source, swept over {Value(results, "meta.sessions")} parallel sessions × connections reused: {Value(results, "meta.reuse")}; {Value(results, "meta.messages")} messages per run, ")
            + Invariant($"{Value(results, "meta.runs")} runs per side and configuration interleaved Relay, Postfix, Relay, …; medians; each side's best configuration is compared. Throughput counts messages at smtp-sink (end to end)"));
        text.AppendLine(Invariant(
            $"- Postfix + OpenDKIM: milter over {Value(results, "meta.milters")}; private instance not chrooted, process limits {Value(results, "meta.postfix_process_limit")} (smtpd, smtp, default), destination concurrency {Value(results, "meta.postfix_destination_concurrency")}. Relay: its SMTP connection limits raised to {Value(results, "meta.relay_max_connections")} (per address too) and the per-address connection rate limit lifted, nothing else"));
        text.AppendLine(Invariant(
            $"- Work per message on both sides: two DKIM signatures, RSA-2048, rsa-sha256, relaxed/simple (d={Value(results, "meta.customer_domain")} and d={Value(results, "meta.provider_domain")}); ")
            + Invariant($"sampled messages verified with python3-dkim: Relay {Verified(results, "relay")}, Postfix + OpenDKIM {Verified(results, "postfix")}"));
    }

    private static void AppendMainTable(StringBuilder text, ResultSet results, ThroughputSweep sweep)
    {
        text.AppendLine("| Measure | Relay | Postfix + OpenDKIM | Relay / Postfix | Target |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var (size, label, target) in new[] { (4096, "4 KB", FourKbTarget), (102400, "100 KB", HundredKbTarget) })
        {
            var relay = sweep.Best(ThroughputSweep.Relay, size)?.Median;
            var postfix = sweep.Best(ThroughputSweep.Postfix, size)?.Median;
            var ratio = relay / postfix;
            text.AppendLine(Invariant(
                $"| Throughput, {label} messages (msg/s, each side's best median) | {Format(relay, "0.0")} | {Format(postfix, "0.0")} | {Format(ratio, "0.00", "×")} | {target.Verdict(ratio)} |"));
        }

        var rate = Value(results, "meta.latency_rate");
        foreach (var percentile in new[] { "p50", "p99" })
        {
            var relay = results.Number($"latency.relay.{percentile}_ms");
            var postfix = results.Number($"latency.postfix.{percentile}_ms");
            text.AppendLine(Invariant(
                $"| Latency DATA → sink, {percentile} (ms, {rate} msg/s, 4 KB) | {Format(relay, "0.0")} | {Format(postfix, "0.0")} | {Format(relay / postfix, "0.00", "×")} | |"));
        }

        var halfRate = Value(results, "meta.latency_half_rate");
        foreach (var percentile in new[] { "p50", "p99" })
        {
            var relay = results.Number($"latency_half.relay.{percentile}_ms");
            var postfix = results.Number($"latency_half.postfix.{percentile}_ms");
            var verdict = percentile == "p99" ? HalfRateLatencyTarget.Verdict(relay) : string.Empty;
            text.AppendLine(Invariant(
                $"| Latency at half Relay's best 4 KB rate, {percentile} (ms, {halfRate} msg/s over {Value(results, "meta.latency_half_connections")} connections, 4 KB) | {Format(relay, "0.0")} | {Format(postfix, "0.0")} | {Format(relay / postfix, "0.00", "×")} | {verdict} |"));
        }

        foreach (var (size, label) in Sizes)
        {
            text.AppendLine(Invariant(
                $"| Peak RSS over the {label} runs (MB) | {Format(results.Number($"rss.relay.{size}_mb"), "0")} | OpenDKIM alone: {Format(results.Number($"rss.opendkim.{size}_mb"), "0")} | | |"));
        }

        var large = results.Number("rss.relay.large_mb");
        text.AppendLine(Invariant(
            $"| Peak RSS, one {Format(results.Number("meta.large_message_mb"), "0")} MB message (MB; idle before: {Format(results.Number("rss.relay.idle_mb"), "0")}) | {Format(large, "0")} | | | {LargeMessageTarget.Verdict(large)} |"));
    }

    private static void AppendSigningTable(StringBuilder text, ResultSet results)
    {
        var relayPerMessage = results.Number("signing.RelayTwoSignatures.per_second");
        var opensslSignatures = results.Number("openssl.rsa2048.sign_per_second");
        var opensslPerMessage = opensslSignatures / 2;
        var costRatio = opensslPerMessage / relayPerMessage;
        text.AppendLine("Signing alone, one 4 KB message with two RSA-2048 signatures (BenchmarkDotNet, in process; `openssl speed rsa2048` on the same machine):");
        text.AppendLine();
        text.AppendLine("| Signer | µs per message | messages/s | signatures/s | Cost vs openssl | Target |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        text.AppendLine(Invariant(
            $"| Relay's signer (its own DKIM field: .NET SHA-256, RSA by OpenSSL) | {Format(1e6 / relayPerMessage, "0")} | {Format(relayPerMessage, "0")} | {Format(relayPerMessage * 2, "0")} | {Format(costRatio, "0.00", "×")} | {SigningTarget.Verdict(costRatio)} |"));
        text.AppendLine(Invariant(
            $"| openssl speed rsa2048, 2 signatures (hashing of ~4 KB not included: ~µs) | {Format(1e6 / opensslPerMessage, "0")} | {Format(opensslPerMessage, "0")} | {Format(opensslSignatures, "0")} | 1.00× | |"));
        text.AppendLine();
        text.AppendLine("Where the signing time goes (one operation each):");
        text.AppendLine();
        text.AppendLine("| Operation | µs | per second |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (method, label) in new[]
                 {
                     ("RelayOneSignature", "Relay signer, 1 signature"),
                     ("RelayWithEd25519", "Relay signer, customer Ed25519 + customer RSA + provider RSA (dual signing), 4 KB"),
                     ("RelayTwoSignaturesLarge", "Relay signer, 2 RSA signatures, 100 KB message"),
                     ("MimeKitBouncyCastle", "MimeKit DkimSigner + BouncyCastle RSA, 1 signature (pre-parsed message)"),
                     ("MimeKitOpenSsl", "MimeKit DkimSigner + .NET/OpenSSL RSA via CreateSigningContext (prototype), 1 signature"),
                     ("BouncyCastleRsa", "BouncyCastle RSA-2048 SHA-256 signature alone"),
                     ("OpenSslRsa", ".NET/OpenSSL RSA-2048 SHA-256 signature alone"),
                 })
        {
            var perSecond = results.Number($"signing.{method}.per_second");
            text.AppendLine(Invariant($"| {label} | {Format(1e6 / perSecond, "0")} | {Format(perSecond, "0")} |"));
        }
    }

    private static void AppendRuns(StringBuilder text, ResultSet results, ThroughputSweep sweep)
    {
        text.AppendLine("Every run (msg/s at the sink; the runs of one configuration were interleaved Relay, Postfix over the UNIX socket, Postfix over inet, Relay, …; Relay CPU ms per message in brackets):");
        text.AppendLine();
        foreach (var (size, label) in Sizes)
        {
            var points = sweep.Points.Where(p => p.Size.ToString(CultureInfo.InvariantCulture) == size).ToList();
            if (points.Count == 0)
            {
                text.AppendLine(Invariant($"- {label}: {Missing}"));
                continue;
            }

            foreach (var configuration in points.GroupBy(p => p.Configuration))
            {
                var runs = configuration.Select(p => Invariant($"{SweepTables.SideName(p.Side)} {string.Join(" / ", p.Runs.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}")
                    + (p.Side == ThroughputSweep.Relay && results.Numbers($"throughput.relay.{size}.{p.Sessions}.{p.Reuse}.cpu_ms_per_message") is { Count: > 0 } cpu
                        ? Invariant($" ({string.Join(" / ", cpu.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))} ms)")
                        : string.Empty));
                text.AppendLine(Invariant($"- {label}, {configuration.Key}: {string.Join("; ", runs)}"));
            }
        }

        if (results.Number("large") is > 0 and var rate)
        {
            text.AppendLine(Invariant($"- The large message reached the sink {1 / rate:0.0} s after smtp-source started sending it."));
        }
    }

    /// <summary>Relay's check, or Postfix's over each milter transport checked ("3/3 … (inet milter: 3/3 …)").</summary>
    private static string Verified(ResultSet results, string side)
    {
        if (side != ThroughputSweep.Postfix)
        {
            return VerifiedOne(results, side) ?? "not checked";
        }

        var unix = VerifiedOne(results, "postfix-unix");
        var inet = VerifiedOne(results, "postfix-inet");
        return (unix, inet) switch
        {
            ({ } u, { } i) => Invariant($"{u} over the UNIX socket, {i} over inet"),
            ({ } u, null) => Invariant($"{u} over the UNIX socket"),
            (null, { } i) => Invariant($"{i} over inet"),
            _ => VerifiedOne(results, side) ?? "not checked",
        };
    }

    private static string? VerifiedOne(ResultSet results, string side) =>
        results.Number($"verify.{side}.total") is { } total
            ? Invariant($"{results.Number($"verify.{side}.passed") ?? 0}/{total} messages with both signatures passing")
            : null;

    internal static string Value(ResultSet results, string key) => results.Text(key) ?? Missing;

    internal static string Format(double? value, string format, string suffix = "") =>
        value is { } number && double.IsFinite(number) ? number.ToString(format, CultureInfo.InvariantCulture) + suffix : Missing;

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

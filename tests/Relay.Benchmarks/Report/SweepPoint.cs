namespace Relay.Benchmarks.Report;

/// <summary>
/// One configuration of the throughput sweep for one side and message size: its runs (msg/s at the sink), their
/// median, and the median CPU time per message when the side's CPU was measured (Relay).
/// </summary>
internal sealed record SweepPoint(string Side, int Size, int Sessions, string Reuse, IReadOnlyList<double> Runs, double? CpuMilliseconds)
{
    public double Median => Statistics.Median(Runs.ToArray());

    /// <summary>"50 sessions, reused" / "50 sessions, one per message".</summary>
    public string Configuration => $"{Sessions} sessions, {(Reuse == "yes" ? "reused" : "one message per connection")}";
}

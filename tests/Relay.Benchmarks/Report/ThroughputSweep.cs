using System.Globalization;

namespace Relay.Benchmarks.Report;

/// <summary>
/// The throughput runs read back from keys <c>throughput.SIDE.SIZE.SESSIONS.REUSE</c> (SIDE relay, postfix-inet or
/// postfix-unix; REUSE yes or no): one <see cref="SweepPoint"/> per configuration, and each side's best.
/// </summary>
internal sealed class ThroughputSweep
{
    public const string Relay = "relay";
    public const string Postfix = "postfix";
    private const string CpuSuffix = ".cpu_ms_per_message";

    private ThroughputSweep(IReadOnlyList<SweepPoint> points)
    {
        Points = points;
    }

    /// <summary>Every configuration measured, by size, sessions, reuse ("yes" first), then side (the order run).</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    public static ThroughputSweep From(ResultSet results)
    {
        var points = new List<SweepPoint>();
        foreach (var key in results.Keys)
        {
            var parts = key.Split('.');
            if (parts.Length != 5 || parts[0] != "throughput"
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var sessions)
                || results.Numbers(key) is not { Count: > 0 } runs)
            {
                continue;
            }

            var cpu = results.Numbers(key + CpuSuffix);
            points.Add(new SweepPoint(parts[1], size, sessions, parts[4], runs, cpu.Count > 0 ? Statistics.Median(cpu.ToArray()) : null));
        }

        return new ThroughputSweep(points
            .OrderBy(p => p.Size).ThenBy(p => p.Sessions).ThenByDescending(p => p.Reuse, StringComparer.Ordinal).ThenBy(p => SideOrder(p.Side))
            .ThenBy(p => p.Side, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>
    /// The configuration with the highest median for <paramref name="side"/>: "relay", "postfix" (either milter
    /// transport) or an exact side such as "postfix-unix"; null when none was measured.
    /// </summary>
    public SweepPoint? Best(string side, int size) =>
        Points.Where(p => p.Size == size && Matches(p.Side, side)).MaxBy(p => p.Median);

    /// <summary>The sides measured, Relay first.</summary>
    public IReadOnlyList<string> Sides =>
        Points.Select(p => p.Side).Distinct(StringComparer.Ordinal).OrderBy(SideOrder).ThenBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>Relay, Postfix over the UNIX socket, Postfix over inet: the order run.sh runs them in.</summary>
    private static int SideOrder(string side) => side switch
    {
        Relay => 0,
        "postfix-unix" => 1,
        "postfix-inet" => 2,
        _ => 3,
    };

    private static bool Matches(string side, string wanted) =>
        side == wanted || (wanted == Postfix && side.StartsWith(Postfix + "-", StringComparison.Ordinal));
}

using System.Globalization;

namespace Relay.Benchmarks.Report;

/// <summary>
/// Prints a fraction of a side's best median throughput so far, as a whole number of messages per second (at least
/// 1): run.sh sets the latency probe's rate to half of Relay's measured maximum with it.
/// </summary>
internal static class BestRateCommand
{
    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var results = await ResultsFile.ReadAsync(arguments.Required("results"));
        var side = arguments.Required("side");
        var size = arguments.RequiredInt("size");
        var fraction = double.Parse(arguments.Optional("fraction") ?? "1", NumberStyles.Float, CultureInfo.InvariantCulture);
        var best = ThroughputSweep.From(results).Best(side, size)
            ?? throw new BenchmarkFailedException($"no throughput of {side} at {size} bytes recorded yet");
        var rate = Math.Max(1, (int)Math.Floor(best.Median * fraction));
        await Console.Out.WriteLineAsync(rate.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}

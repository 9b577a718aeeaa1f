using Relay.Benchmarks.Latency;
using Relay.Benchmarks.Load;
using Relay.Benchmarks.Report;
using Relay.Benchmarks.Signing;

namespace Relay.Benchmarks;

/// <summary>The helpers run.sh calls; each appends its numbers to the results file given with --results.</summary>
internal static class Program
{
    private const string Usage = """
        usage (run by tests/Relay.Benchmarks/run.sh):
          Relay.Benchmarks load     --results FILE --key KEY [--counter SINK_OUTPUT] --expect N [--cpu-pid PID] [--idle-timeout S] -- smtp-source ARGS...
                                    (without --counter the run is timed until smtp-source has had every 250)
          Relay.Benchmarks latency  --results FILE --key KEY --target HOST:PORT --sink-port PORT --count N --rate PER_SECOND --size BYTES --from ADDR --to ADDR [--connections N]
          Relay.Benchmarks best     --results FILE --side relay|postfix|postfix-unix|postfix-inet --size BYTES [--fraction F]
          Relay.Benchmarks signing  --results FILE --artifacts DIR [--quick]
          Relay.Benchmarks report   --results FILE --out FILE
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 64;
        }

        try
        {
            var arguments = ToolArguments.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "load" => await LoadCommand.RunAsync(arguments),
                "latency" => await LatencyCommand.RunAsync(arguments),
                "signing" => await SigningCommand.RunAsync(arguments),
                "report" => await ReportCommand.RunAsync(arguments),
                "best" => await BestRateCommand.RunAsync(arguments),
                _ => throw new ToolUsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (ToolUsageException ex)
        {
            await Console.Error.WriteLineAsync($"Relay.Benchmarks: {ex.Message}\n{Usage}");
            return 64;
        }
        catch (BenchmarkFailedException ex)
        {
            await Console.Error.WriteLineAsync($"Relay.Benchmarks: {ex.Message}");
            return 1;
        }
    }
}

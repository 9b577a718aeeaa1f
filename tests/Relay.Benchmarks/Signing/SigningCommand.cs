using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Relay.Benchmarks.Signing;

/// <summary>
/// Runs <see cref="SigningBenchmarks"/> with BenchmarkDotNet, in process (the project is built already, optimised),
/// and records each benchmark's operations per second as signing.&lt;method&gt;.per_second.
/// </summary>
internal static class SigningCommand
{
    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var results = arguments.Required("results");
        var artifacts = arguments.Required("artifacts");
        var quick = arguments.Flag("quick");
        // Quick (the smoke run): no pilot or overhead stages, a few invocations; enough to show the code path works
        // and give an order of magnitude. Full: BenchmarkDotNet's own choice of iterations, at most 30.
        var job = (quick
                ? Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(2)
                    .WithInvocationCount(4).WithUnrollFactor(1)
                : Job.Default.WithLaunchCount(1).WithMaxIterationCount(30))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(quick ? "quick" : "full");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);

        if (quick)
        {
            // The smoke run needs the one number of the main table; the breakdown is for full runs.
            config = config.AddFilter(new NameFilter(name => name == nameof(SigningBenchmarks.RelayTwoSignatures)));
        }

        var summary = BenchmarkRunner.Run<SigningBenchmarks>(config);
        var recorded = 0;
        foreach (var report in summary.Reports)
        {
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (report.ResultStatistics is not { } statistics || statistics.Mean <= 0)
            {
                throw new BenchmarkFailedException($"signing: {method} produced no measurement");
            }

            var perSecond = 1e9 / statistics.Mean;
            await ResultsFile.AppendAsync(results, $"signing.{method}.per_second", perSecond);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"signing.{method}: {statistics.Mean / 1000:0.0} µs, {perSecond:0.0}/s"));
            recorded++;
        }

        if (recorded == 0)
        {
            throw new BenchmarkFailedException("signing: BenchmarkDotNet ran no benchmark (see its output above)");
        }

        return 0;
    }
}

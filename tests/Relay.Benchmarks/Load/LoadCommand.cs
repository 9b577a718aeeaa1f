using System.Diagnostics;

namespace Relay.Benchmarks.Load;

/// <summary>
/// Runs smtp-source against one side and times it by the sink: from the start of smtp-source until the sink's
/// counter has grown by the expected number of messages. This works whether the side answers 250 before or
/// after delivering (queue or session mode): only messages at the sink count. Without --counter it is timed until
/// smtp-source has exited, every message answered: the accept rate, used while the next hop is paused.
/// </summary>
internal static class LoadCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var results = arguments.Required("results");
        var key = arguments.Required("key");
        var counter = arguments.Optional("counter") is { Length: > 0 } counterPath ? new SinkCounter(counterPath) : null;
        var expected = arguments.RequiredInt("expect");
        var idleTimeout = TimeSpan.FromSeconds(arguments.OptionalInt("idle-timeout", 60));
        var cpuPid = arguments.Optional("cpu-pid") is null ? (int?)null : arguments.RequiredInt("cpu-pid");
        if (arguments.PassThrough.Count == 0)
        {
            throw new ToolUsageException("the smtp-source command line must follow '--'");
        }

        var time = TimeProvider.System;
        var baseline = counter?.Read() ?? 0;
        var cpuBefore = cpuPid is { } before ? ProcessCpu.Read(before) : TimeSpan.Zero;
        using var source = StartSource(arguments.PassThrough);
        var standardError = source.StandardError.ReadToEndAsync();
        var started = time.GetTimestamp();
        var lastProgress = started;
        var lastCount = baseline;
        TimeSpan? clientElapsed = null;
        while (true)
        {
            var now = time.GetTimestamp();
            if (counter is null)
            {
                if (source.HasExited)
                {
                    break;
                }

                await Task.Delay(PollInterval, time);
                continue;
            }

            var count = counter.Read();
            if (count - baseline >= expected)
            {
                break;
            }

            if (count != lastCount)
            {
                lastCount = count;
                lastProgress = now;
            }

            if (clientElapsed is null && source.HasExited)
            {
                clientElapsed = time.GetElapsedTime(started, now);
                if (source.ExitCode != 0)
                {
                    throw new BenchmarkFailedException(
                        $"{key}: smtp-source exited {source.ExitCode} after {count - baseline} of {expected} messages reached the sink: {(await standardError).Trim()}");
                }
            }

            if (time.GetElapsedTime(lastProgress, now) > idleTimeout)
            {
                throw new BenchmarkFailedException(
                    $"{key}: the sink got {count - baseline} of {expected} messages and nothing more for {idleTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(PollInterval, time);
        }

        var elapsed = time.GetElapsedTime(started);
        var cpu = cpuPid is { } after ? ProcessCpu.Read(after) - cpuBefore : (TimeSpan?)null;
        await source.WaitForExitAsync();
        clientElapsed ??= time.GetElapsedTime(started);
        if (source.ExitCode != 0)
        {
            throw new BenchmarkFailedException($"{key}: smtp-source exited {source.ExitCode}: {(await standardError).Trim()}");
        }

        var rate = expected / elapsed.TotalSeconds;
        await ResultsFile.AppendAsync(results, key, rate);
        await ResultsFile.AppendAsync(results, key + ".client_seconds", clientElapsed.Value.TotalSeconds);
        if (cpu is { } used)
        {
            await ResultsFile.AppendAsync(results, key + ".cpu_ms_per_message", used.TotalMilliseconds / expected);
        }

        await Console.Out.WriteLineAsync(
            $"{key}: {expected} messages {(counter is null ? "accepted" : "at the sink")} in {elapsed.TotalSeconds:0.00} s = {rate:0.0} msg/s (client done after {clientElapsed.Value.TotalSeconds:0.00} s)"
            + (cpu is { } shown ? $", {shown.TotalMilliseconds / expected:0.00} ms CPU per message" : string.Empty));
        return 0;
    }

    private static Process StartSource(IReadOnlyList<string> commandLine)
    {
        var start = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new BenchmarkFailedException($"could not start {commandLine[0]}");
    }
}

using System.Net;

namespace Relay.Benchmarks.Latency;

/// <summary>
/// Sends messages one at a time at a fixed rate and measures, per message, the time from the client's DATA command
/// to the arrival of the message's final "." at the next hop (the receipt sink in this process). Records p50 and
/// p99 in milliseconds, and the client's own DATA → 250 time for comparison.
/// </summary>
internal static class LatencyCommand
{
    private static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var results = arguments.Required("results");
        var key = arguments.Required("key");
        var target = IPEndPoint.Parse(arguments.Required("target"));
        var sinkPort = arguments.RequiredInt("sink-port");
        var count = arguments.RequiredInt("count");
        var rate = arguments.RequiredInt("rate");
        var size = arguments.RequiredInt("size");
        var from = arguments.Required("from");
        var to = arguments.Required("to");
        var time = TimeProvider.System;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(count / (double)rate) + ReceiptTimeout * 2);

        var receipts = new ReceiptLog();
        await using var sink = new ReceiptSink(sinkPort, receipts, time);
        var sent = new long[count];
        var acknowledged = new double[count];
        await using (var client = await ProbeClient.ConnectAsync(target, timeout.Token))
        {
            var interval = TimeSpan.FromSeconds(1.0 / rate);
            var start = time.GetTimestamp();
            for (var id = 0; id < count; id++)
            {
                // Fixed schedule: a slow message is not followed by a pause, so the rate holds on average.
                var wait = interval * id - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, timeout.Token);
                }

                var content = ProbeMessage.Build(id, from, to, size, time.GetUtcNow());
                var index = id;
                await client.SendAsync(from, to, content, () => sent[index] = time.GetTimestamp(), timeout.Token);
                acknowledged[id] = time.GetElapsedTime(sent[id]).TotalMilliseconds;
            }
        }

        var waitStart = time.GetTimestamp();
        while (receipts.Count < count && time.GetElapsedTime(waitStart) < ReceiptTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time, timeout.Token);
        }

        if (receipts.Count < count || receipts.Duplicates > 0)
        {
            throw new BenchmarkFailedException(
                $"{key}: the next hop received {receipts.Count} of {count} probe messages ({receipts.Duplicates} duplicates)");
        }

        var latencies = new double[count];
        for (var id = 0; id < count; id++)
        {
            receipts.TryGet(id, out var received);
            latencies[id] = time.GetElapsedTime(sent[id], received).TotalMilliseconds;
        }

        var p50 = Statistics.Percentile(latencies, 50);
        var p99 = Statistics.Percentile(latencies, 99);
        await ResultsFile.AppendAsync(results, key + ".p50_ms", p50);
        await ResultsFile.AppendAsync(results, key + ".p99_ms", p99);
        await ResultsFile.AppendAsync(results, key + ".max_ms", latencies.Max());
        await ResultsFile.AppendAsync(results, key + ".client_ack_p50_ms", Statistics.Percentile(acknowledged, 50));
        await Console.Out.WriteLineAsync(
            $"{key}: {count} messages at {rate}/s, DATA → next hop p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {latencies.Max():0.0} ms; " +
            $"client's DATA → 250 p50 {Statistics.Percentile(acknowledged, 50):0.0} ms");
        return 0;
    }
}

using System.Net;

namespace Relay.Benchmarks.Latency;

/// <summary>
/// Sends messages one at a time at a fixed rate and measures, per message, the time from the client's DATA command
/// to the arrival of the message's final "." at the next hop (the receipt sink in this process). Records p50 and
/// p99 in milliseconds, and the client's own DATA → 250 time for comparison. With --connections N the messages are
/// shared round robin over N connections (a rate above what one connection's round trips allow).
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
        var connections = Math.Min(arguments.OptionalInt("connections", 1), count);
        var size = arguments.RequiredInt("size");
        var from = arguments.Required("from");
        var to = arguments.Required("to");
        var time = TimeProvider.System;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(count / (double)rate) + ReceiptTimeout * 2);

        var receipts = new ReceiptLog();
        await using var sink = new ReceiptSink(sinkPort, receipts, time);
        var sent = new long[count];
        var acknowledged = new double[count];
        var schedule = new ProbeSchedule(TimeSpan.FromSeconds(1.0 / rate), time.GetTimestamp(), time);
        var senders = Enumerable.Range(0, connections)
            .Select(connection => SendShareAsync(connection, connections, count, target, schedule, from, to, size, sent, acknowledged, time, timeout.Token))
            .ToArray();
        await Task.WhenAll(senders);

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
            $"{key}: {count} messages at {rate}/s over {connections} connection(s), DATA → next hop p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {latencies.Max():0.0} ms; " +
            $"client's DATA → 250 p50 {Statistics.Percentile(acknowledged, 50):0.0} ms");
        return 0;
    }

    /// <summary>
    /// One connection's share of the probe: messages connection, connection + connections, ... each sent at its
    /// place in the common fixed schedule, so that several connections together hold a rate one could not.
    /// </summary>
    private static async Task SendShareAsync(
        int connection, int connections, int count, IPEndPoint target, ProbeSchedule schedule, string from, string to, int size,
        long[] sent, double[] acknowledged, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var client = await ProbeClient.ConnectAsync(target, cancellationToken);
        for (var id = connection; id < count; id += connections)
        {
            await schedule.WaitForTurnAsync(id, cancellationToken);
            var content = ProbeMessage.Build(id, from, to, size, time.GetUtcNow());
            var index = id;
            await client.SendAsync(from, to, content, () => sent[index] = time.GetTimestamp(), cancellationToken);
            acknowledged[id] = time.GetElapsedTime(sent[id]).TotalMilliseconds;
        }
    }
}

using System.Diagnostics;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Failover behind HAProxy: several clients stream numbered messages through HAProxy (TCP mode) to two nodes on one
/// PostgreSQL while node A is stopped mid-stream (SIGKILL, a crash; or SIGTERM, a planned restart) and started again
/// on the same data folder a few seconds later. The next hop defers every third delivery, so both nodes always hold a
/// queue, and A stops with mail in its spool. Once both queues have drained: every message that got 250 arrived at
/// least once; a message arrived twice only where a 250 may have been lost on a broken connection (then the client
/// sent it again) or where one acceptance was delivered again after the restart (at least once: the next hop had it,
/// the spool not yet its result); and every copy that arrived passes python3-dkim. The counts go to the progress output.
/// </summary>
[NonParallelizable]
public sealed class FailoverTests
{
    private const string Domain = "example.com";
    private const int Clients = 6;
    private const int StopAfterAcknowledged = 150;
    private const int AcknowledgedOnceBothAreUp = 150;
    private static readonly TimeSpan RestartAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HealthLimit = TimeSpan.FromSeconds(30);

    /// <summary>How node A is stopped mid-stream.</summary>
    public enum NodeStop
    {
        /// <summary>SIGKILL: a crash.</summary>
        Kill,

        /// <summary>SIGTERM: a planned restart (sessions in flight may finish within ShutdownTimeout).</summary>
        Terminate,
    }

    [TestCase(NodeStop.Kill)]
    [TestCase(NodeStop.Terminate)]
    [CancelAfter(240_000)]
    public async Task Every_message_acknowledged_through_haproxy_arrives_signed_when_a_node_stops_mid_stream(NodeStop stop, CancellationToken cancellationToken)
    {
        HaproxyFrontDoor.Require();
        var deliveries = 0;
        await using var cluster = await TwoNodeCluster.CreateAsync(sinkOptions: new SmtpSinkOptions
        {
            MailReply = _ => Interlocked.Increment(ref deliveries) % 3 == 0 ? "451 4.3.0 Deferred by the test's next hop" : null,
        });
        await cluster.StartBothAsync();
        var records = await cluster.AddSigningDomainAsync(Domain);
        await using var haproxy = await HaproxyFrontDoor.StartAsync(cluster.Nodes);
        await haproxy.WaitUntilAllUpAsync(HealthLimit, cancellationToken);

        using var stream = new StreamThroughFrontDoor(haproxy.Smtp, "news@" + Domain);
        var wall = Stopwatch.StartNew();
        var sending = stream.RunAsync(Clients, cancellationToken);
        await stream.WaitForAcknowledgedAsync(StopAfterAcknowledged, sending, cancellationToken);
        var queuedAtStop = cluster.A.QueuedMessages;
        var stopped = Stopwatch.StartNew();
        int? exitCode = null;
        if (stop == NodeStop.Terminate)
        {
            exitCode = await cluster.A.TerminateAsync();
        }
        else
        {
            cluster.A.Kill();
        }

        var stopTook = stopped.Elapsed;
        var acknowledgedAtStop = stream.Ledger.AcknowledgedCount;
        await haproxy.WaitForStatusAsync("a", status => status.StartsWith("DOWN", StringComparison.Ordinal), HealthLimit, cancellationToken);
        var markedDown = stopped.Elapsed;
        await Task.Delay(RestartAfter - stopped.Elapsed > TimeSpan.Zero ? RestartAfter - stopped.Elapsed : TimeSpan.Zero, cancellationToken);
        var sessionsBeforeRestart = cluster.Sink.Sessions.Count;
        await cluster.A.StartAsync();
        var restarted = Stopwatch.StartNew();
        await haproxy.WaitUntilAllUpAsync(HealthLimit, cancellationToken);
        var upAgain = restarted.Elapsed;
        await stream.WaitForAcknowledgedAsync(stream.Ledger.AcknowledgedCount + AcknowledgedOnceBothAreUp, sending, cancellationToken);
        stream.Stop();
        await sending;
        var streamed = wall.Elapsed;
        await ClusterDrain.WaitAsync(cluster, stream.Ledger.Acknowledged, cancellationToken);

        var outcome = StreamOutcome.Of(stream.Ledger, ArrivedCopy.AllAt(cluster.Sink));
        var signal = stop == NodeStop.Kill ? "SIGKILL" : "SIGTERM";
        await TestContext.Progress.WriteLineAsync(
            $"cluster failover ({signal}): {stream.Messages} messages, {Clients} clients through HAProxy in {streamed.TotalSeconds:0.0} s; " +
            $"node A stopped after {acknowledgedAtStop} acknowledged with {queuedAtStop} in its spool " +
            $"({(exitCode is { } code ? $"exit {code} {stopTook.TotalMilliseconds:0} ms after SIGTERM" : "SIGKILL")}), " +
            $"marked DOWN by HAProxy {markedDown.TotalMilliseconds:0} ms after the signal, " +
            $"restarted {RestartAfter.TotalSeconds:0} s after it, UP again {upAgain.TotalMilliseconds:0} ms after it greeted");
        await TestContext.Progress.WriteLineAsync(
            $"cluster failover ({signal}): {outcome.Summary()}; next hop deferrals {Volatile.Read(ref deliveries) / 3}");
        foreach (var duplicate in outcome.DescribeDuplicates())
        {
            await TestContext.Progress.WriteLineAsync($"cluster failover ({signal}): {duplicate}");
        }

        Assert.That(exitCode ?? 0, Is.Zero, "exit code after SIGTERM\n" + cluster.A.Output);
        Assert.That(outcome.Lost, Is.Empty, "acknowledged with 250 but never delivered\n" + cluster.Output);
        Assert.That(outcome.Acknowledged, Has.Count.EqualTo(stream.Messages), "every client got its 250 in the end");
        Assert.That(outcome.Delivered.Except(outcome.Acknowledged), Is.Empty, "delivered but never acknowledged: the clients kept trying every message until it was");
        Assert.That(outcome.ResubmittedWithoutCause, Is.Empty, "accepted twice although no attempt of theirs broke: the client sent them once");
        var redeliveredWithoutCause = outcome.RedeliveredAcceptances
            .Where(acceptance => !IsRedeliveryAfterTheRestart(acceptance.ToList(), sessionsBeforeRestart))
            .Select(acceptance => $"{acceptance.First().Number} ({string.Join(", ", acceptance.Select(copy => $"{copy.Node} in sink session {copy.Session}"))})")
            .ToList();
        Assert.That(redeliveredWithoutCause, Is.Empty,
            "one acceptance delivered twice other than by the stopped node once before its stop and again after its restart");
        Assert.That(cluster.Nodes.Select(node => node.QueuedMessages), Is.All.Zero, "both queues drained");

        var failures = await outcome.SignatureFailuresAsync(Domain, records);
        await TestContext.Progress.WriteLineAsync($"cluster failover ({signal}): python3-dkim verified {outcome.Copies.Count} copies, {failures.Count} failed");
        Assert.That(failures, Is.Empty, "python3-dkim on the bytes that arrived");
    }

    /// <summary>
    /// The at-least-once window of a store and forward: node A handed the message to the next hop before it was
    /// stopped, its spool did not yet record the 250, and A delivered it again after its restart.
    /// </summary>
    private static bool IsRedeliveryAfterTheRestart(IReadOnlyList<ArrivedCopy> copies, int sessionsBeforeRestart) =>
        copies.All(copy => copy.Node == "relay-a.test")
        && copies.Count(copy => copy.Session < sessionsBeforeRestart) == 1;
}

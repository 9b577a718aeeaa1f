using System.Diagnostics;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Failover behind HAProxy: several clients stream numbered messages through HAProxy (TCP mode) to two nodes on one
/// PostgreSQL while node A is stopped mid-stream (SIGKILL, a crash; or SIGTERM, a planned restart) and started again
/// on the same data folder a few seconds later. The
/// next hop defers every third delivery, so both nodes always hold a queue, and A dies with mail in its spool. Once
/// both queues have drained: every message that got 250 arrived at least once; a message arrived twice only where a
/// 250 may have been lost on a broken connection (then the client sent it again) or where one acceptance was delivered
/// again after the kill (at least once: the next hop had it, the spool not yet its result); and every copy that arrived
/// passes python3-dkim. The counts go to the progress output.
/// </summary>
[NonParallelizable]
public sealed class FailoverTests
{
    private const string Domain = "example.com";
    private const int Clients = 6;
    private const int KillAfterAcknowledged = 150;
    private const int AcknowledgedOnceBothAreUp = 150;
    private static readonly TimeSpan RestartAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HealthLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

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
        await stream.WaitForAcknowledgedAsync(KillAfterAcknowledged, sending, cancellationToken);
        var queuedAtKill = cluster.A.QueuedMessages;
        var killed = Stopwatch.StartNew();
        var exitCode = stop == NodeStop.Kill ? (int?)null : await cluster.A.TerminateAsync();
        cluster.A.Kill();
        var stopTook = killed.Elapsed;
        var acknowledgedAtKill = stream.Ledger.AcknowledgedCount;
        await WaitForStatusAsync(haproxy, "a", status => status.StartsWith("DOWN", StringComparison.Ordinal), cancellationToken);
        var markedDown = killed.Elapsed;
        await Task.Delay(RestartAfter - killed.Elapsed > TimeSpan.Zero ? RestartAfter - killed.Elapsed : TimeSpan.Zero, cancellationToken);
        var sessionsBeforeRestart = cluster.Sink.Sessions.Count;
        await cluster.A.StartAsync();
        var restarted = Stopwatch.StartNew();
        await haproxy.WaitUntilAllUpAsync(HealthLimit, cancellationToken);
        var upAgain = restarted.Elapsed;
        await stream.WaitForAcknowledgedAsync(stream.Ledger.AcknowledgedCount + AcknowledgedOnceBothAreUp, sending, cancellationToken);
        stream.Stop();
        await sending;
        var streamed = wall.Elapsed;
        await WaitUntilDrainedAsync(cluster, stream.Ledger.Acknowledged, cancellationToken);

        var copies = ArrivedCopy.AllAt(cluster.Sink);
        var acknowledged = stream.Ledger.Acknowledged.ToHashSet();
        var delivered = copies.Select(copy => copy.Number).ToHashSet();
        var lost = acknowledged.Where(number => !delivered.Contains(number)).Order().ToList();
        var duplicated = copies.GroupBy(copy => copy.Number).Where(group => group.Count() > 1).ToList();
        var resubmitted = duplicated.Where(group => group.Select(copy => copy.AcceptanceId).Distinct().Count() > 1).ToList();
        var redelivered = duplicated.Where(group => group.Count() > group.Select(copy => copy.AcceptanceId).Distinct().Count()).ToList();
        var brokenAttempts = stream.Ledger.WithBrokenAttempts.ToHashSet();
        var resubmittedWithoutCause = resubmitted.Where(group => !brokenAttempts.Contains(group.Key)).Select(group => group.Key).ToList();
        var byNode = copies.GroupBy(copy => copy.Node).OrderBy(group => group.Key).Select(group => $"{group.Key} {group.Count()}");
        await TestContext.Progress.WriteLineAsync(
            $"cluster failover ({Signal(stop)}): {stream.Messages} messages, {Clients} clients through HAProxy in {streamed.TotalSeconds:0.0} s; " +
            $"node A stopped after {acknowledgedAtKill} acknowledged with {queuedAtKill} in its spool " +
            $"({(exitCode is { } code ? $"exit {code} {stopTook.TotalMilliseconds:0} ms after SIGTERM" : "SIGKILL")}), " +
            $"marked DOWN by HAProxy {markedDown.TotalMilliseconds:0} ms after the signal, " +
            $"restarted {RestartAfter.TotalSeconds:0} s after it, UP again {upAgain.TotalMilliseconds:0} ms after it greeted");
        await TestContext.Progress.WriteLineAsync(
            $"cluster failover ({Signal(stop)}): acknowledged {acknowledged.Count}, delivered {delivered.Count} distinct in {copies.Count} copies ({string.Join(", ", byNode)}), " +
            $"duplicates {duplicated.Count} (sent again after a broken connection {resubmitted.Count}, one acceptance delivered twice {redelivered.Count}), " +
            $"lost {lost.Count}; attempts broken {stream.Ledger.BrokenAttempts}, refused {stream.Ledger.RefusedAttempts}; next hop deferrals {Volatile.Read(ref deliveries) / 3}");

        Assert.That(exitCode ?? 0, Is.Zero, "exit code after SIGTERM\n" + cluster.A.Output);
        Assert.That(lost, Is.Empty, "acknowledged with 250 but never delivered\n" + cluster.Output);
        Assert.That(acknowledged, Has.Count.EqualTo(stream.Messages), "every client got its 250 in the end");
        Assert.That(delivered.Except(acknowledged), Is.Empty, "delivered but never acknowledged: the clients kept trying every message until it was");
        Assert.That(resubmittedWithoutCause, Is.Empty, "accepted twice although no attempt of theirs broke: the client sent them once");
        var redeliveredWithoutCause = redelivered
            .SelectMany(group => group.GroupBy(copy => copy.AcceptanceId).Where(acceptance => acceptance.Count() > 1))
            .Where(acceptance => !IsRedeliveryAfterTheKill(acceptance.ToList(), sessionsBeforeRestart))
            .Select(acceptance => $"{acceptance.First().Number} ({string.Join(", ", acceptance.Select(copy => $"{copy.Node} in sink session {copy.Session}"))})")
            .ToList();
        Assert.That(redeliveredWithoutCause, Is.Empty,
            "one acceptance delivered twice other than by the killed node once before its kill and again after its restart");
        Assert.That(cluster.Nodes.Select(node => node.QueuedMessages), Is.All.Zero, "both queues drained");

        var verdicts = await DkimVerifiers.VerifyManyWithPythonAsync(copies.Select(copy => copy.Data).ToArray(), records);
        var failures = copies.Zip(verdicts)
            .Where(pair => !pair.Second.Select(v => v.Domain).SequenceEqual([Domain, RelayUnderTest.ProviderDomain]) || !pair.Second.All(v => v.Passed))
            .Select(pair => $"message {pair.First.Number} via {pair.First.Node}: {DkimVerdict.Describe(pair.Second)}")
            .ToList();
        foreach (var group in duplicated)
        {
            await TestContext.Progress.WriteLineAsync(
                $"cluster failover ({Signal(stop)}): message {group.Key} arrived {group.Count()} times: {string.Join(", ", group.Select(copy => $"accepted by {copy.Node} as {copy.AcceptanceId}, sink session {copy.Session}"))}" +
                $"{(brokenAttempts.Contains(group.Key) ? "; an attempt of it broke off" : string.Empty)}");
        }

        await TestContext.Progress.WriteLineAsync($"cluster failover ({Signal(stop)}): python3-dkim verified {copies.Count} copies, {failures.Count} failed");
        Assert.That(failures, Is.Empty, "python3-dkim on the bytes that arrived");
    }

    /// <summary>
    /// The at-least-once window of a store and forward: node A handed the message to the next hop before it was
    /// killed, its spool did not yet record the 250, and A delivered it again after its restart.
    /// </summary>
    private static bool IsRedeliveryAfterTheKill(IReadOnlyList<ArrivedCopy> copies, int sessionsBeforeRestart) =>
        copies.All(copy => copy.Node == "relay-a.test")
        && copies.Count(copy => copy.Session < sessionsBeforeRestart) == 1;

    private static string Signal(NodeStop stop) => stop == NodeStop.Kill ? "SIGKILL" : "SIGTERM";

    private static async Task WaitForStatusAsync(
        HaproxyFrontDoor haproxy, string node, Func<string, bool> reached, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = await haproxy.ServerStatusAsync(cancellationToken);
            if (status.TryGetValue(node, out var value) && reached(value))
            {
                return;
            }

            if (waited.Elapsed > HealthLimit)
            {
                Assert.Fail($"HAProxy's status of node {node} stayed {value} for {HealthLimit}\n{haproxy.Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Waits until both spools are empty and every acknowledged message has reached the sink.</summary>
    private static async Task WaitUntilDrainedAsync(TwoNodeCluster cluster, IReadOnlyCollection<int> acknowledged, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var delivered = ArrivedCopy.AllAt(cluster.Sink).Select(copy => copy.Number).ToHashSet();
            if (cluster.Nodes.All(node => node.QueuedMessages == 0) && acknowledged.All(delivered.Contains))
            {
                return;
            }

            if (waited.Elapsed > DrainLimit)
            {
                // The assertions that follow name what is missing.
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}

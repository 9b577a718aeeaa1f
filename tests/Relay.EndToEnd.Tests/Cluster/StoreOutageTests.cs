using System.Diagnostics;
using Relay.Testing;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// The shared PostgreSQL stops for a few seconds under two nodes behind HAProxy while clients stream numbered
/// messages: HAProxy takes both nodes out (their <c>/ready</c> is 503), neither node crashes, both are put back once
/// the database is, and every message that got 250 arrives, signed. The PostgreSQL is this test's own, since it stops it.
/// </summary>
[NonParallelizable]
public sealed class StoreOutageTests
{
    private const string Domain = "example.com";
    private const int Clients = 6;
    private const int AcknowledgedBeforeOutage = 100;
    private const int AcknowledgedAfterOutage = 100;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan HealthLimit = TimeSpan.FromSeconds(30);

    [Test]
    [CancelAfter(240_000)]
    public async Task Every_message_acknowledged_arrives_when_the_database_stops_and_comes_back_under_two_nodes(CancellationToken cancellationToken)
    {
        HaproxyFrontDoor.Require();
        PostgresCluster.Require();
        await using var postgres = await PostgresCluster.StartAsync();
        await using var cluster = await TwoNodeCluster.CreateAsync(postgres: postgres);
        await cluster.StartBothAsync();
        var records = await cluster.AddSigningDomainAsync(Domain);
        await using var haproxy = await HaproxyFrontDoor.StartAsync(cluster.Nodes);
        await haproxy.WaitUntilAllUpAsync(HealthLimit, cancellationToken);

        using var stream = new StreamThroughFrontDoor(haproxy.Smtp, "news@" + Domain);
        var sending = stream.RunAsync(Clients, cancellationToken);
        await stream.WaitForAcknowledgedAsync(AcknowledgedBeforeOutage, sending, cancellationToken);
        await postgres.StopServerAsync();
        var stopped = Stopwatch.StartNew();
        var acknowledgedAtStop = stream.Ledger.AcknowledgedCount;
        foreach (var node in cluster.Nodes)
        {
            await haproxy.WaitForStatusAsync(node.Name, status => status.StartsWith("DOWN", StringComparison.Ordinal), HealthLimit, cancellationToken);
        }

        var bothDown = stopped.Elapsed;
        var acknowledgedWhileDown = stream.Ledger.AcknowledgedCount;
        await Task.Delay(Outage - stopped.Elapsed > TimeSpan.Zero ? Outage - stopped.Elapsed : TimeSpan.Zero, cancellationToken);
        var acknowledgedDuringOutage = stream.Ledger.AcknowledgedCount - acknowledgedWhileDown;
        await postgres.StartServerAsync();
        var started = Stopwatch.StartNew();
        await haproxy.WaitUntilAllUpAsync(HealthLimit, cancellationToken);
        var bothUp = started.Elapsed;
        await stream.WaitForAcknowledgedAsync(stream.Ledger.AcknowledgedCount + AcknowledgedAfterOutage, sending, cancellationToken);
        stream.Stop();
        await sending;
        await ClusterDrain.WaitAsync(cluster, stream.Ledger.Acknowledged, cancellationToken);

        var outcome = StreamOutcome.Of(stream.Ledger, ArrivedCopy.AllAt(cluster.Sink));
        await TestContext.Progress.WriteLineAsync(
            $"cluster store outage: PostgreSQL stopped after {acknowledgedAtStop} acknowledged, both nodes DOWN in HAProxy " +
            $"{bothDown.TotalMilliseconds:0} ms later, {acknowledgedDuringOutage} acknowledged while both were DOWN, database started " +
            $"{Outage.TotalSeconds:0} s after the stop, both UP {bothUp.TotalMilliseconds:0} ms after it; {outcome.Summary()}");
        foreach (var duplicate in outcome.DescribeDuplicates())
        {
            await TestContext.Progress.WriteLineAsync($"cluster store outage: {duplicate}");
        }

        Assert.That(cluster.Nodes.Select(node => node.IsRunning), Is.All.True, "no node ended\n" + cluster.Output);
        Assert.That(outcome.Lost, Is.Empty, "acknowledged with 250 but never delivered\n" + cluster.Output);
        Assert.That(outcome.Acknowledged, Has.Count.EqualTo(stream.Messages), "every client got its 250 in the end");
        Assert.That(outcome.ResubmittedWithoutCause, Is.Empty, "accepted twice although no attempt of theirs broke: the client sent them once");
        Assert.That(outcome.RedeliveredAcceptances, Is.Empty, "no node was stopped: no acceptance is delivered twice");
        Assert.That(cluster.Nodes.Select(node => node.QueuedMessages), Is.All.Zero, "both queues drained");
        Assert.That(await outcome.SignatureFailuresAsync(Domain, records), Is.Empty, "python3-dkim on the bytes that arrived");
    }
}

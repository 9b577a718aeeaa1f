using Relay.Testing;

namespace Relay.Benchmarks.Tests;

/// <summary>
/// Runs the benchmark harness in --smoke mode (a few hundred messages through each side, every measurement once, a
/// quick signing benchmark) and checks that it produced the table with numbers for both sides (each side's best of
/// the sweep, both milter transports, latency at half Relay's rate, the queue step) and that the sampled messages of
/// both sides carried two passing signatures. The numbers themselves are not judged: this guards the
/// harness, the full run is separate.
/// </summary>
[NonParallelizable]
public sealed class BenchmarkSmokeTests
{
    // A hang guard only (the smoke run takes about a minute on 2 idle cores), not a timed assertion.
    private static readonly TimeSpan HarnessTimeout = TimeSpan.FromMinutes(8);

    private string _output = null!;

    [SetUp]
    public void CreateOutputFolder() => _output = Directory.CreateTempSubdirectory("relay-bench-smoke-").FullName;

    [TearDown]
    public void DeleteOutputFolder() => Directory.Delete(_output, recursive: true);

    [Test]
    public async Task Smoke_run_fills_the_table_for_both_sides_and_both_sides_signatures_verify()
    {
        RequirePeers();
        var report = Path.Combine(_output, "smoke.md");

        var run = await ExternalTool.RunAsync("bash",
        [
            RepositoryLayout.HarnessScript, "--smoke", "--out", report, "--configuration", RepositoryLayout.Configuration,
            "--relay-bin", RepositoryLayout.RelayBin, "--tools-bin", RepositoryLayout.ToolsBin,
        ], stdin: null, HarnessTimeout, RepositoryLayout.Root);

        Assert.That(run.ExitCode, Is.Zero, "run.sh --smoke failed:\n" + Tail(run.StandardError));
        Assert.That(File.Exists(report), Is.True, "no table written");
        var markdown = await File.ReadAllTextAsync(report);
        var table = MarkdownTable.Parse(markdown);
        Assert.Multiple(() =>
        {
            foreach (var row in new[] { "Throughput, 4 KB", "Throughput, 100 KB", "Latency DATA → sink, p50", "Latency DATA → sink, p99" })
            {
                Assert.That(table.Row(row)[1], Does.Match(@"^\d+(\.\d+)?$"), $"{row}: Relay");
                Assert.That(table.Row(row)[2], Does.Match(@"^\d+(\.\d+)?$"), $"{row}: Postfix + OpenDKIM");
                Assert.That(table.Row(row)[3], Does.Match(@"^\d+\.\d\d×$"), $"{row}: ratio");
            }

            foreach (var row in new[] { "Latency at half Relay's best 4 KB rate, p50", "Latency at half Relay's best 4 KB rate, p99" })
            {
                Assert.That(table.Row(row)[1], Does.Match(@"^\d+(\.\d+)?$"), $"{row}: Relay");
                Assert.That(table.Row(row)[2], Does.Match(@"^\d+(\.\d+)?$"), $"{row}: Postfix + OpenDKIM");
            }

            foreach (var size in new[] { "4 KB", "100 KB" })
            {
                var best = table.Row(size);
                Assert.That(best[1], Does.Match(@"^\d+\.\d \(\d+ sessions, "), $"{size}: Relay's best");
                Assert.That(best[2], Does.Match(@"^\d+\.\d \(\d+ sessions, "), $"{size}: Postfix's best over the UNIX socket");
                Assert.That(best[3], Does.Match(@"^\d+\.\d \(\d+ sessions, "), $"{size}: Postfix's best over inet");
                Assert.That(best[4], Does.Match(@"^\d+\.\d\d×$"), $"{size}: ratio of bests");
            }

            Assert.That(table.Row("2 × rsa-sha256 + ed25519")[1], Does.Match(@"^\d+\.\d$"), "throughput with an Ed25519 signature");
            Assert.That(markdown, Does.Contain("3 of 3 sampled messages carried the ed25519-sha256 signature"));
            Assert.That(table.Row("0")[1], Does.Match(@"^\d+\.\d$"), "accept rate with an empty queue");
            Assert.That(table.Row("1000")[2], Does.Match(@"^\d+\.\d\d$"), "CPU per message with 1000 queued");
            Assert.That(markdown, Does.Match(@"\d+ messages reached the sink in \d+\.\d s"), "the drain");
            Assert.That(table.Row("Peak RSS over the 4 KB runs")[1], Does.Match(@"^\d+$"));
            Assert.That(table.Row("Peak RSS, one")[1], Does.Match(@"^\d+$"));
            Assert.That(table.Row("Relay's signer")[2], Does.Match(@"^\d+$"));
            Assert.That(table.Row("openssl speed rsa2048")[3], Does.Match(@"^\d+$"));
            Assert.That(markdown, Does.Contain("Relay 3/3 messages with both signatures passing"));
            Assert.That(markdown, Does.Contain("Postfix + OpenDKIM 3/3 messages with both signatures passing"));
        });
    }

    private static void RequirePeers()
    {
        ExternalTool.Require("bash", "bash");
        ExternalTool.Require("/usr/bin/python3", "python3");
        // postfix, opendkim, python3-dkim and the rest are installed by run.sh when missing (it needs root for that).
        if (!Environment.IsPrivilegedProcess)
        {
            const string reason = "The benchmark harness needs root (apt-get, a private Postfix, smtp-sink's privilege drop).";
            if (ExternalTool.RunningInCi)
            {
                Assert.Fail(reason + " CI=true, so this is a failure.");
            }

            Assert.Ignore(reason);
        }
    }

    private static string Tail(string text, int lines = 40) => string.Join('\n', text.Split('\n').TakeLast(lines));
}

using System.Globalization;
using System.Text;
using Relay.Testing;

namespace Relay.Benchmarks.Tests;

/// <summary>
/// profile_stages.py on a hand-written <c>perf script</c> output: each sample goes to the stage of the first frame
/// from the leaf up that belongs to one, weighted by its period.
/// </summary>
public sealed class ProfileStagesTests
{
    private const string PerfScript = """
        1201    3000
        	    7f01 0x000000000012988b (/usr/lib/x86_64-linux-gnu/libcrypto.so.3)
        	    7f02 instance void [System.Security.Cryptography] System.Security.Cryptography.RSAOpenSsl::SignHash()[OptimizedTier1] (/tmp/perf-1.map)
        	    7f03 instance void [Relay.Smtp] Relay.Smtp.Protocol.DataCommand::ExecuteAsync()[OptimizedTier1] (/tmp/perf-1.map)

        1202    1000
        	ffffffff8180 ext4_sync_file ([kernel.kallsyms])
        	    1095e4 fsync (/usr/lib/x86_64-linux-gnu/libc.so.6)
        	    7f04 instance void [Relay.Delivery] Relay.Delivery.Spool.DurableFile::WriteAsync()[OptimizedTier1] (/tmp/perf-1.map)
        	    7f05 instance void [Relay.Smtp] Relay.Smtp.Protocol.DataCommand::ExecuteAsync()[OptimizedTier1] (/tmp/perf-1.map)

         1203    1000
        	ffffffff8181 finish_task_switch.isra.0 ([kernel.kallsyms])

        """;

    [Test]
    public async Task Each_sample_goes_to_the_stage_nearest_its_leaf_weighted_by_its_period()
    {
        ExternalTool.Require("/usr/bin/python3", "python3");
        var script = Path.Combine(RepositoryLayout.Root, "tests", "Relay.Benchmarks", "profile_stages.py");

        var run = await ExternalTool.RunAsync("/usr/bin/python3", [script], Encoding.UTF8.GetBytes(PerfScript), TimeSpan.FromMinutes(1));

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        var shares = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(fields => fields[0], fields => double.Parse(fields[1], CultureInfo.InvariantCulture));
        Assert.Multiple(() =>
        {
            Assert.That(shares["signing"], Is.EqualTo(0.6).Within(1e-9));
            Assert.That(shares["spool"], Is.EqualTo(0.2).Within(1e-9));
            Assert.That(shares["other"], Is.EqualTo(0.2).Within(1e-9));
            Assert.That(shares["smtp"], Is.Zero);
            Assert.That(shares.Values.Sum(), Is.EqualTo(1).Within(1e-3));
        });
    }
}

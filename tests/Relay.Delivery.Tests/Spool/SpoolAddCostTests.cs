using Relay.Delivery.Spool;

namespace Relay.Delivery.Tests.Spool;

/// <summary>Measures what durability costs per add on this machine; prints it, asserts only correctness.</summary>
public sealed class SpoolAddCostTests
{
    [Test]
    public async Task Two_hundred_durable_adds_are_all_recovered_and_the_median_cost_is_reported()
    {
        using var folder = new SpoolFolder();
        var sync = new CountingDirectorySync();
        var spool = SpoolKit.Open(folder, TimeProvider.System, sync: sync);
        var content = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();
        var durations = new List<TimeSpan>();

        for (var i = 0; i < 200; i++)
        {
            var started = TimeProvider.System.GetTimestamp();
            await SpoolKit.AddAsync(spool, SpoolKit.Envelope(), content);
            durations.Add(TimeProvider.System.GetElapsedTime(started));
        }

        durations.Sort();
        TestContext.Out.WriteLine(
            $"durable add of 4 KiB: median {durations[100].TotalMilliseconds:F2} ms, p90 {durations[180].TotalMilliseconds:F2} ms, max {durations[^1].TotalMilliseconds:F2} ms");
        Assert.That(await SpoolKit.RecoverAsync(SpoolKit.Open(folder)), Has.Count.EqualTo(200));
        Assert.That(sync.Flushed, Has.Count.EqualTo(1 + 400), "one parent flush, then two directory flushes per add");
    }
}

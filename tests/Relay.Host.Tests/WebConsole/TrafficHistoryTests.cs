using Microsoft.Extensions.Time.Testing;
using Relay.WebConsole.Mail;

namespace Relay.Host.Tests.WebConsole;

public sealed class TrafficHistoryTests
{
    [Test]
    public void Each_bucket_holds_how_much_the_counters_grew_within_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var totals = new TrafficTotals(0, 0, 0, 0);
        var history = new TrafficHistory(() => totals, clock);
        // Minute 1: 3 accepted, 2 delivered; minute 2: 1 deferred, 1 bounced; minute 3 nothing; now (unsampled): 4 accepted more.
        clock.Advance(TimeSpan.FromMinutes(1));
        totals = new TrafficTotals(3, 2, 0, 0);
        history.Sample();
        clock.Advance(TimeSpan.FromMinutes(1));
        totals = new TrafficTotals(3, 2, 1, 1);
        history.Sample();
        clock.Advance(TimeSpan.FromMinutes(1));
        history.Sample();
        clock.Advance(TimeSpan.FromMinutes(1));
        totals = new TrafficTotals(7, 2, 1, 1);

        var buckets = history.Buckets(4, TimeSpan.FromMinutes(1));

        Assert.That(buckets.Select(bucket => bucket.Counts), Is.EqualTo(new[]
        {
            new TrafficTotals(3, 2, 0, 0),
            new TrafficTotals(0, 0, 1, 1),
            new TrafficTotals(0, 0, 0, 0),
            new TrafficTotals(4, 0, 0, 0),
        }));
        Assert.That(buckets[^1].End, Is.EqualTo(clock.GetUtcNow()));
        var hour = history.Buckets(1, TimeSpan.FromHours(1))[0];
        Assert.That((hour.Start, hour.End), Is.EqualTo((clock.GetUtcNow().AddMinutes(-4), clock.GetUtcNow().AddMinutes(56))), "on the hour, now inside");
        Assert.That(hour.Counts, Is.EqualTo(totals), "the hour began at the first sample: counted from start");
    }

    [Test]
    public void The_history_keeps_a_bounded_number_of_samples()
    {
        var clock = new FakeTimeProvider();
        var count = 0L;
        var history = new TrafficHistory(() => new TrafficTotals(count, 0, 0, 0), clock);
        for (var minute = 0; minute < TrafficHistory.MaxSamples + 100; minute++)
        {
            clock.Advance(TrafficHistory.SampleInterval);
            count++;
            history.Sample();
        }

        // Older samples are gone, so a bucket reaching before them counts from the oldest kept one.
        var wholeSpan = history.Buckets(TrafficHistory.MaxSamples + 200, TrafficHistory.SampleInterval).Sum(bucket => bucket.Counts.Accepted);
        Assert.That(wholeSpan, Is.EqualTo(TrafficHistory.MaxSamples - 1));
    }
}

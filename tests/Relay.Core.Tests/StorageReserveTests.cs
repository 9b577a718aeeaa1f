using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Storage;

namespace Relay.Core.Tests;

/// <summary>Issue 14 item 8: the free-space reserve, measured at most once per interval, reclaiming spares before refusing.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StorageReserveTests
{
    private readonly FakeTimeProvider _time = new();
    private long _free;
    private int _measurements;

    [Test]
    public void Below_the_reserve_there_is_no_room_and_the_measurement_is_reused_within_the_interval()
    {
        var reserve = Create(new StorageReserveOptions { MinimumFreeDiskBytes = 1000, CheckInterval = TimeSpan.FromSeconds(1) });
        _free = 999;

        Assert.That(reserve.HasRoom(), Is.False);
        _free = 5000;
        Assert.That(reserve.HasRoom(), Is.False, "the same second: the last measurement");
        Assert.That(_measurements, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(reserve.HasRoom(), Is.True);
        Assert.That(_measurements, Is.EqualTo(2));
    }

    [Test]
    public void Below_the_reserve_spares_are_reclaimed_first_and_what_they_free_counts()
    {
        var reclaimed = 0;
        var reserve = Create(new StorageReserveOptions { MinimumFreeDiskBytes = 1000 }, () =>
        {
            reclaimed++;
            _free += 600;
            return 600;
        });
        _free = 500;

        Assert.That(reserve.HasRoom(), Is.True);
        Assert.That(reclaimed, Is.EqualTo(1));
    }

    [Test]
    public void A_reserve_of_zero_never_measures()
    {
        var reserve = Create(new StorageReserveOptions { MinimumFreeDiskBytes = 0 });

        Assert.That(reserve.HasRoom(), Is.True);
        Assert.That(_measurements, Is.Zero);
    }

    private StorageReserve Create(StorageReserveOptions options, Func<long>? reclaim = null) =>
        new(options, "/data", _time, NullLogger<StorageReserve>.Instance, reclaim, _ =>
        {
            _measurements++;
            return _free;
        });
}

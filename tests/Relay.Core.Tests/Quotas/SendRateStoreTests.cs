using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Quotas;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Quotas;

/// <summary>
/// The rate's bucket in a shared store: two store instances on one database stand for two nodes. The clock is fake and
/// stands still unless a test moves it, so "at most the rate" is exact: no refill happens while the nodes race.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class SendRateStoreTests(StoreKind kind)
{
    private const double Now = 1_796_292_030;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero));
    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await StoreUnderTest.CreateAsync(kind);

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private async Task<ISendRateStore> OpenNodeAsync() => (ISendRateStore)await _database!.OpenQuotaStoreAsync();

    private static SendingLimits Rate(double perSecond) => new(50_000, perSecond);

    [Test]
    public async Task Two_nodes_taking_at_once_for_one_account_let_through_the_rate_and_no_more()
    {
        var nodes = new[] { await OpenNodeAsync(), await OpenNodeAsync() };
        var limits = Rate(10);

        var attempts = Enumerable.Range(0, 60).Select(index => Task.Run(() =>
            nodes[index % 2].TryTakeRateAsync("shop", 1, limits, Now, CancellationToken.None)));
        var taken = await Task.WhenAll(attempts);
        var other = await nodes[1].TryTakeRateAsync("other", 1, limits, Now, CancellationToken.None);

        Assert.That(taken.Count(ok => ok), Is.EqualTo(10), "a full bucket of 10, whichever node asked");
        Assert.That(other, Is.True, "another account has its own bucket");
    }

    [Test]
    public async Task Two_sending_quotas_on_two_stores_share_one_rate()
    {
        var options = new SendingQuotaOptions { MaxSendRate = 5 };
        var quotas = new List<SendingQuota>();
        foreach (var _ in new[] { "a", "b" })
        {
            var store = await _database!.OpenQuotaStoreAsync();
            quotas.Add(new SendingQuota(store, options, StoredSendingQuota.Empty, _clock, NullLogger<SendingQuota>.Instance,
                new StoredSendRate((ISendRateStore)store, _clock)));
        }

        async Task<bool> SendAsync(SendingQuota quota)
        {
            await using var reservation = await quota.ReserveAsync("shop", 1, CancellationToken.None);
            reservation.Commit();
            return reservation.ExceededLimit is null;
        }

        var sent = await Task.WhenAll(Enumerable.Range(0, 40).Select(index => Task.Run(() => SendAsync(quotas[index % 2]))));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var nextSecond = await Task.WhenAll(Enumerable.Range(0, 40).Select(index => Task.Run(() => SendAsync(quotas[index % 2]))));

        Assert.That(sent.Count(ok => ok), Is.EqualTo(5));
        Assert.That(nextSecond.Count(ok => ok), Is.EqualTo(5), "a second later, one second's worth more");
        Assert.That(quotas.Sum(quota => quota.Current("shop").SentLast24Hours), Is.EqualTo(10), "only accepted sends are counted");
        quotas.ForEach(quota => quota.Dispose());
    }

    [Test]
    public async Task The_bucket_refills_at_the_rate_and_never_past_full()
    {
        var node = await OpenNodeAsync();
        var limits = Rate(2);

        var first = await TakeAllAsync(node, limits, Now);
        var halfASecondLater = await TakeAllAsync(node, limits, Now + 0.5);
        var anHourLater = await TakeAllAsync(node, limits, Now + 3600);

        Assert.That((first, halfASecondLater, anHourLater), Is.EqualTo((2, 1, 2)));
    }

    [Test]
    public async Task A_message_to_ten_recipients_at_one_a_second_holds_the_next_for_ten_seconds()
    {
        var node = await OpenNodeAsync();
        var limits = Rate(1);

        Assert.That(await node.TryTakeRateAsync("shop", 10, limits, Now, CancellationToken.None), Is.True);
        Assert.That(await node.TryTakeRateAsync("shop", 1, limits, Now + 9.5, CancellationToken.None), Is.False);
        Assert.That(await node.TryTakeRateAsync("shop", 1, limits, Now + 10, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task A_node_whose_clock_is_behind_gets_no_refill_from_it()
    {
        var ahead = await OpenNodeAsync();
        var behind = await OpenNodeAsync();
        var limits = Rate(1);

        Assert.That(await ahead.TryTakeRateAsync("shop", 1, limits, Now, CancellationToken.None), Is.True);
        var behindFiveSeconds = await behind.TryTakeRateAsync("shop", 1, limits, Now - 5, CancellationToken.None);
        var behindThenCaughtUp = await behind.TryTakeRateAsync("shop", 1, limits, Now + 1, CancellationToken.None);

        Assert.That(behindFiveSeconds, Is.False, "the bucket was refilled up to the later clock already");
        Assert.That(behindThenCaughtUp, Is.True);
    }

    [Test]
    public async Task Given_back_recipients_can_be_taken_again_but_never_overfill()
    {
        var node = await OpenNodeAsync();
        var limits = Rate(3);
        await TakeAllAsync(node, limits, Now);

        await node.GiveBackRateAsync("shop", 2, CancellationToken.None);
        var afterGivingTwoBack = await TakeAllAsync(node, limits, Now);
        await node.GiveBackRateAsync("shop", 100, CancellationToken.None);
        var afterGivingTooMany = await TakeAllAsync(node, limits, Now);

        Assert.That((afterGivingTwoBack, afterGivingTooMany), Is.EqualTo((2, 3)));
    }

    [Test]
    public async Task Only_buckets_that_are_full_again_are_deleted_and_a_deleted_one_starts_full()
    {
        var node = await OpenNodeAsync();
        await TakeAllAsync(node, Rate(1), Now);
        await node.TryTakeRateAsync("slow", 20, Rate(0.1), Now, CancellationToken.None);

        await node.DeleteFullRateBucketsAsync(Now + 60, CancellationToken.None);
        var slowStillHeld = await node.TryTakeRateAsync("slow", 1, Rate(0.1), Now + 60, CancellationToken.None);
        // Asked at the old time: a kept row would be empty then, a new one is full.
        var shopAfterDeletion = await TakeAllAsync(node, Rate(1), Now);

        Assert.That(slowStillHeld, Is.False, "20 recipients at 0.1 a second take 200 s to come back: that bucket is kept");
        Assert.That(shopAfterDeletion, Is.EqualTo(1), "the full bucket was deleted");
    }

    private static async Task<int> TakeAllAsync(ISendRateStore node, SendingLimits limits, double now)
    {
        var taken = 0;
        while (await node.TryTakeRateAsync("shop", 1, limits, now, CancellationToken.None))
        {
            taken++;
            Assert.That(taken, Is.LessThan(1000), "a bucket that never runs dry");
        }

        return taken;
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Accounts;
using Relay.Core.Quotas;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Quotas;

/// <summary>The counts and the accounts' own limits survive a restart: a new store instance on the same database, in each store.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class SendingQuotaStoreTests(StoreKind kind)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero));
    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await StoreUnderTest.CreateAsync(kind);

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private Task<ISendingQuotaStore> OpenStoreAsync() => _database!.OpenQuotaStoreAsync();

    private async Task<SendingQuota> StartAsync(double max24HourSend = 50_000)
    {
        var store = await OpenStoreAsync();
        var stored = await SendingQuota.ReadStoredAsync(store, _clock.GetUtcNow(), CancellationToken.None);
        return new SendingQuota(store, new SendingQuotaOptions { Max24HourSend = max24HourSend }, stored, _clock, NullLogger<SendingQuota>.Instance);
    }

    private static async Task SendAsync(SendingQuota quota, int recipients, string account = "shop")
    {
        await using var reservation = await quota.ReserveAsync(account, recipients, CancellationToken.None);
        Assert.That(reservation.ExceededLimit, Is.Null);
        reservation.Commit();
    }

    [Test]
    public async Task A_restart_keeps_the_last_24_hours_of_counts()
    {
        using (var quota = await StartAsync())
        {
            await SendAsync(quota, 3);
            _clock.Advance(TimeSpan.FromMinutes(5));
            await SendAsync(quota, 2);
            await SendAsync(quota, 7, account: "other");
            await quota.FlushAsync(CancellationToken.None);
            await SendAsync(quota, 1);
            await quota.FlushAsync(CancellationToken.None);
        }

        _clock.Advance(TimeSpan.FromHours(1));
        using var restarted = await StartAsync(max24HourSend: 6);

        Assert.That(restarted.Current("shop").SentLast24Hours, Is.EqualTo(6));
        Assert.That(restarted.Current("other").SentLast24Hours, Is.EqualTo(7));
        await using var refused = await restarted.ReserveAsync("shop", 1, CancellationToken.None);
        Assert.That(refused.ExceededLimit, Is.EqualTo(SendingLimit.Max24HourSend));
    }

    [Test]
    public async Task Counts_flushed_through_two_store_instances_for_one_minute_add_up()
    {
        var nodeA = await OpenStoreAsync();
        var nodeB = await OpenStoreAsync();

        await Task.WhenAll(
            Task.Run(() => nodeA.AddCountsAsync([new SendCount("shop", 100, 3), new SendCount("other", 100, 1)], CancellationToken.None)),
            Task.Run(() => nodeB.AddCountsAsync([new SendCount("shop", 100, 4)], CancellationToken.None)));
        await nodeB.AddCountsAsync([new SendCount("shop", 101, 2)], CancellationToken.None);

        var rows = await (await OpenStoreAsync()).ReadCountsAsync(100, CancellationToken.None);
        Assert.That(rows.OrderBy(row => row.Minute).ThenBy(row => row.AccountId, StringComparer.Ordinal),
            Is.EqualTo(new[] { new SendCount("other", 100, 1), new SendCount("shop", 100, 7), new SendCount("shop", 101, 2) }));
    }

    [Test]
    public async Task Two_nodes_on_one_store_share_the_24_hour_quota_once_their_counts_are_flushed()
    {
        using var nodeA = await StartAsync(max24HourSend: 3);
        using var nodeB = await StartAsync(max24HourSend: 3);

        await SendAsync(nodeA, 2);
        await nodeA.FlushAsync(CancellationToken.None);
        await nodeB.FlushAsync(CancellationToken.None);
        var seenByB = nodeB.Current("shop").SentLast24Hours;
        await SendAsync(nodeB, 1);
        await nodeB.FlushAsync(CancellationToken.None);
        await nodeA.FlushAsync(CancellationToken.None);
        await using var refusedByA = await nodeA.ReserveAsync("shop", 1, CancellationToken.None);
        await using var refusedByB = await nodeB.ReserveAsync("shop", 1, CancellationToken.None);

        Assert.That(seenByB, Is.EqualTo(2), "node B counts what node A sent");
        Assert.That(nodeA.Current("shop").SentLast24Hours, Is.EqualTo(3));
        Assert.That(refusedByA.ExceededLimit, Is.EqualTo(SendingLimit.Max24HourSend), "the account's day is used up through both nodes");
        Assert.That(refusedByB.ExceededLimit, Is.EqualTo(SendingLimit.Max24HourSend));
    }

    [Test]
    public async Task A_count_is_not_doubled_when_a_node_reads_back_what_it_flushed()
    {
        using var quota = await StartAsync();

        await SendAsync(quota, 2);
        await quota.FlushAsync(CancellationToken.None);
        await SendAsync(quota, 1);
        await quota.FlushAsync(CancellationToken.None);
        await SendAsync(quota, 4);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await quota.FlushAsync(CancellationToken.None);
        await quota.FlushAsync(CancellationToken.None);

        Assert.That(quota.Current("shop").SentLast24Hours, Is.EqualTo(7));
    }

    [Test]
    public async Task Counts_older_than_24_hours_are_neither_read_back_nor_kept()
    {
        using (var quota = await StartAsync())
        {
            await SendAsync(quota, 4);
            await quota.FlushAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(30));
            await SendAsync(quota, 1);
            await quota.FlushAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(29));
            await quota.FlushAsync(CancellationToken.None);
        }

        var store = await OpenStoreAsync();
        var rows = await store.ReadCountsAsync(long.MinValue, CancellationToken.None);
        using var restarted = await StartAsync();

        Assert.That(rows.Select(row => row.Recipients), Is.EqualTo(new long[] { 1 }), "the first minute's row was deleted");
        Assert.That(restarted.Current("shop").SentLast24Hours, Is.EqualTo(1));
    }

    [Test]
    public async Task An_accounts_own_limits_are_stored_and_cleared()
    {
        var accounts = await _database!.OpenRelayStoreAsync();
        await accounts.SaveAccountAsync(new Account("shop", "shop", "shop", "hash", null), CancellationToken.None);
        var store = await OpenStoreAsync();

        await store.SaveLimitsAsync("shop", new AccountSendingLimits(2, 0.5), CancellationToken.None);
        var saved = await (await OpenStoreAsync()).ReadLimitsAsync(CancellationToken.None);
        await store.SaveLimitsAsync("shop", new AccountSendingLimits(null, 20), CancellationToken.None);
        var changed = await store.ReadLimitsAsync(CancellationToken.None);
        await store.SaveLimitsAsync("shop", new AccountSendingLimits(null, null), CancellationToken.None);
        var cleared = await store.ReadLimitsAsync(CancellationToken.None);

        Assert.That(saved["shop"], Is.EqualTo(new AccountSendingLimits(2, 0.5)));
        Assert.That(changed["shop"], Is.EqualTo(new AccountSendingLimits(null, 20)));
        Assert.That(cleared, Is.Empty);
    }
}

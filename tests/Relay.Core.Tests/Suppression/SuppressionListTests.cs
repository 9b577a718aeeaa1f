using Microsoft.Extensions.Time.Testing;
using Relay.Core.Accounts;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Suppression;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Suppression;

/// <summary>The suppression list over each real store: entries, order and filters, reasons, and what survives a restart.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class SuppressionListTests(StoreKind kind)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        _database = await StoreUnderTest.CreateAsync(kind);
        var accounts = await _database.OpenRelayStoreAsync();
        await accounts.SaveAccountAsync(new Account("shop", "shop", "shop", "hash", null), CancellationToken.None);
        await accounts.SaveAccountAsync(new Account("other", "other", "other", "hash", null), CancellationToken.None);
    }

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private async Task<SuppressionList> OpenAsync() => new(await _database!.OpenSuppressionStoreAsync(), _clock);

    [Test]
    public async Task An_entry_is_found_in_its_account_only_whatever_the_case_and_survives_a_restart()
    {
        var list = await OpenAsync();
        await list.PutAsync("shop", "Some.One@Example.COM", SuppressionReason.Complaint, CancellationToken.None);

        var restarted = await OpenAsync();
        var found = await restarted.FindAsync("shop", "some.one@example.com", CancellationToken.None);
        Assert.That(found, Is.EqualTo(new SuppressedDestination("shop", "some.one@example.com", SuppressionReason.Complaint, _clock.GetUtcNow())));
        Assert.That(await restarted.FindAsync("other", "some.one@example.com", CancellationToken.None), Is.Null);
        Assert.That(await restarted.SuppressedAmongAsync("shop", ["SOME.ONE@example.com", "else@example.com"], CancellationToken.None),
            Is.EquivalentTo(new[] { "SOME.ONE@example.com" }), "the recipients as the envelope spells them");
    }

    [Test]
    public async Task Putting_again_replaces_the_reason_and_time_and_deleting_twice_says_it_was_gone()
    {
        var list = await OpenAsync();
        await list.PutAsync("shop", "a@example.com", SuppressionReason.Bounce, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(3));
        await list.PutAsync("shop", "a@example.com", SuppressionReason.Complaint, CancellationToken.None);

        var entry = await list.FindAsync("shop", "a@example.com", CancellationToken.None);
        Assert.That((entry!.Reason, entry.LastUpdate), Is.EqualTo((SuppressionReason.Complaint, _clock.GetUtcNow())));
        Assert.That(await list.DeleteAsync("shop", "a@example.com", CancellationToken.None), Is.True);
        Assert.That(await list.DeleteAsync("shop", "a@example.com", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Listing_is_in_address_order_after_the_last_page_with_reason_and_date_filters()
    {
        var list = await OpenAsync();
        await list.PutAsync("shop", "c@example.com", SuppressionReason.Bounce, CancellationToken.None);
        await list.PutAsync("shop", "a@example.com", SuppressionReason.Complaint, CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        await list.PutAsync("shop", "b@example.com", SuppressionReason.Bounce, CancellationToken.None);
        await list.PutAsync("other", "z@example.com", SuppressionReason.Bounce, CancellationToken.None);

        async Task<string[]> Addresses(SuppressionQuery query) =>
            (await list.ListAsync("shop", query, CancellationToken.None)).Select(entry => entry.EmailAddress).ToArray();

        Assert.That(await Addresses(new SuppressionQuery([], null, null, null, 2)), Is.EqualTo(new[] { "a@example.com", "b@example.com" }));
        Assert.That(await Addresses(new SuppressionQuery([], null, null, "b@example.com", 2)), Is.EqualTo(new[] { "c@example.com" }));
        Assert.That(await Addresses(new SuppressionQuery([SuppressionReason.Bounce], null, null, null, 10)), Is.EqualTo(new[] { "b@example.com", "c@example.com" }));
        Assert.That(await Addresses(new SuppressionQuery([], _clock.GetUtcNow(), null, null, 10)), Is.EqualTo(new[] { "b@example.com" }));
        Assert.That(await Addresses(new SuppressionQuery([], null, _clock.GetUtcNow().AddSeconds(-1), null, 10)), Is.EqualTo(new[] { "a@example.com", "c@example.com" }));
    }

    [Test]
    public async Task A_hard_bounce_is_listed_with_its_message_while_the_account_suppresses_bounces()
    {
        var list = await OpenAsync();
        Assert.That(await list.ReasonsAsync("shop", CancellationToken.None), Is.EqualTo(new[] { SuppressionReason.Bounce, SuppressionReason.Complaint }), "SES's default");

        Assert.That(await list.RecordHardBounceAsync("shop", "Gone@Dest.test", "msg-1", "550 5.1.1 User unknown", CancellationToken.None), Is.True);
        await list.SaveReasonsAsync("other", [SuppressionReason.Complaint], CancellationToken.None);
        Assert.That(await list.RecordHardBounceAsync("other", "gone@dest.test", "msg-2", "550 5.1.1 User unknown", CancellationToken.None), Is.False);

        var entry = await list.FindAsync("shop", "gone@dest.test", CancellationToken.None);
        Assert.That(entry, Is.EqualTo(new SuppressedDestination("shop", "gone@dest.test", SuppressionReason.Bounce, _clock.GetUtcNow(), "msg-1", "550 5.1.1 User unknown")));
        Assert.That(await list.FindAsync("other", "gone@dest.test", CancellationToken.None), Is.Null);
        Assert.That(await (await OpenAsync()).ReasonsAsync("other", CancellationToken.None), Is.EqualTo(new[] { SuppressionReason.Complaint }));
    }

    [Test]
    public async Task A_malformed_address_is_refused_by_put()
    {
        var list = await OpenAsync();

        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => list.PutAsync("shop", "two@@example.com", SuppressionReason.Bounce, CancellationToken.None));

        Assert.That(refused!.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }
}

using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>The store's side of the lifecycle, in each store: the lifecycle column, the schedule, the served DKIM records.</summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class LifecycleStoreTests(StoreKind kind)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly RsaDkimKeyFactory Keys = new();

    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await StoreUnderTest.CreateAsync(kind);

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private async Task<IRelayStore> OpenAsync()
    {
        var store = await _database!.OpenRelayStoreAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveAccountAsync(new Account("a2", "two", "u2", "h", null), CancellationToken.None);
        return store;
    }

    private static SigningKey[] EasyKeys(string prefix) =>
        Enumerable.Range(1, 3).Select(i => Keys.Generate($"{prefix}{i}{new string('a', 29)}", DkimKeyLength.Rsa1024)).ToArray();

    private static Identity Domain(string account, string name, DateTimeOffset? nextCheck = null) =>
        new Identity(account, name, IdentityType.Domain, VerificationStatus.Pending, VerificationStatus.Pending, true, null) with
        {
            VerificationToken = "token-" + name,
            VerificationCheck = DnsCheckState.Idle with { NextCheck = nextCheck },
        };

    [Test]
    public async Task A_full_lifecycle_identity_round_trips_through_a_reopened_database()
    {
        var current = EasyKeys("c");
        var byodkim = Keys.Import("s2026", TestRsaKeys.Pkcs8Pem(1024));
        var diagnostic = new DnsRecordDiagnostic("c1._domainkey.example.com", "CNAME", "c1.dkim.relay.test", "PointsElsewhere", "Found x.");
        var identity = new Identity("a1", "example.com", IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, false, current[0])
        {
            DkimOrigin = DkimSigningOrigin.AwsSes,
            DkimKeys = current,
            PendingDkim = new DkimKeyChange(DkimSigningOrigin.External, [byodkim],
                new DnsCheckState(T0.AddHours(1), T0.AddHours(2), null, null, T0.AddHours(3), 4, [diagnostic])),
            NextSigningKeyLength = DkimKeyLength.Rsa1024,
            LastKeyGeneration = T0.AddMinutes(-5),
            VerificationToken = "abc+/=",
            DkimCheck = new DnsCheckState(T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3), T0.AddHours(4), 7, [diagnostic, diagnostic with { Outcome = "Found" }]),
            VerificationCheck = new DnsCheckState(T0.AddDays(-1), T0.AddDays(-1), T0.AddDays(-1), null, T0.AddHours(12), 0, []),
        };
        await (await OpenAsync()).SaveIdentityAsync(identity, CancellationToken.None);

        var read = (await (await OpenAsync()).ListIdentitiesAsync("a1", CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(WithoutLists(read), Is.EqualTo(WithoutLists(identity)), "every scalar field");
            Assert.That(read.DkimKeys, Is.EqualTo(current));
            Assert.That(read.PendingDkim?.Origin, Is.EqualTo(DkimSigningOrigin.External));
            Assert.That(read.PendingDkim?.Keys, Is.EqualTo(new[] { byodkim }));
            AssertSameCheck(read.PendingDkim!.Check, identity.PendingDkim!.Check);
            AssertSameCheck(read.DkimCheck, identity.DkimCheck);
            AssertSameCheck(read.VerificationCheck, identity.VerificationCheck);
            Assert.That(read.NextCheck, Is.EqualTo(T0.AddHours(3)));
        });
    }

    /// <summary>Records compare lists by reference; these helpers take the lists out so the rest compares by value.</summary>
    private static Identity WithoutLists(Identity identity) => identity with
    {
        DkimKeys = Array.Empty<SigningKey>(),
        PendingDkim = null,
        DkimCheck = DnsCheckState.Idle,
        VerificationCheck = DnsCheckState.Idle,
    };

    private static void AssertSameCheck(DnsCheckState actual, DnsCheckState expected)
    {
        var none = Array.Empty<DnsRecordDiagnostic>();
        Assert.That(actual with { Records = none }, Is.EqualTo(expected with { Records = none }));
        Assert.That(actual.Records, Is.EqualTo(expected.Records));
    }

    [Test]
    public async Task Relay_serves_the_txt_of_current_and_pending_easy_dkim_keys_and_not_byodkim_ones()
    {
        var store = await OpenAsync();
        var current = EasyKeys("c");
        var pending = EasyKeys("p");
        var byodkim = Keys.Import("s2026", TestRsaKeys.Pkcs8Pem(1024));
        await store.SaveIdentityAsync(Domain("a1", "example.com") with
        {
            DkimKeys = current,
            SigningKey = current[0],
            PendingDkim = new DkimKeyChange(DkimSigningOrigin.AwsSes, pending, DnsCheckState.StartingAt(T0)),
        }, CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a2", "other.test") with
        {
            DkimOrigin = DkimSigningOrigin.External,
            DkimKeys = [byodkim],
            SigningKey = byodkim,
        }, CancellationToken.None);

        var listed = await store.ListDkimRecordsAsync(CancellationToken.None);
        var found = await store.FindDkimRecordAsync(pending[1].Selector.ToUpperInvariant(), CancellationToken.None);

        var served = current.Concat(pending).OrderBy(key => key.Selector, StringComparer.Ordinal).ToList();
        Assert.That(listed, Is.EqualTo(served.Select(key => (key.Selector, DkimPublicKeys.TxtValue(key)))));
        Assert.That(found, Is.EqualTo(DkimPublicKeys.TxtValue(pending[1])), "labels are looked up case-insensitively");
        Assert.That(found, Does.StartWith("v=DKIM1; k=rsa; p=MI"));
        Assert.That(await store.FindDkimRecordAsync("s2026", CancellationToken.None), Is.Null);
        Assert.That(await store.FindDkimRecordAsync("unknown", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Saving_new_keys_withdraws_the_old_records_and_deleting_the_identity_withdraws_all()
    {
        var store = await OpenAsync();
        var first = EasyKeys("f");
        var second = EasyKeys("s");
        var domain = Domain("a1", "example.com") with { DkimKeys = first, SigningKey = first[0] };
        await store.SaveIdentityAsync(domain, CancellationToken.None);
        await store.SaveIdentityAsync(domain with { DkimKeys = second, SigningKey = second[0] }, CancellationToken.None);

        var afterReplace = await store.ListDkimRecordsAsync(CancellationToken.None);
        await store.DeleteIdentityAsync("a1", "example.com", CancellationToken.None);
        var afterDelete = await store.ListDkimRecordsAsync(CancellationToken.None);

        Assert.That(afterReplace.Select(r => r.Label), Is.EquivalentTo(second.Select(key => key.Selector)));
        Assert.That(afterDelete, Is.Empty);
    }

    [Test]
    public async Task Due_identities_come_earliest_first_across_accounts_up_to_the_limit()
    {
        var store = await OpenAsync();
        await store.SaveIdentityAsync(Domain("a1", "c.test", T0.AddMinutes(3)), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a2", "a.test", T0.AddMinutes(1)), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "b.test", T0.AddMinutes(2)), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "later.test", T0.AddMinutes(10)), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a2", "never.test"), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "exact.test", T0.AddMinutes(5)), CancellationToken.None);

        var firstTwo = await store.ListIdentitiesDueAsync(T0.AddMinutes(5), 2, CancellationToken.None);
        var all = await store.ListIdentitiesDueAsync(T0.AddMinutes(5), 100, CancellationToken.None);
        var next = await store.NextCheckAsync(CancellationToken.None);

        Assert.That(firstTwo.Select(i => i.Name), Is.EqualTo(new[] { "a.test", "b.test" }));
        Assert.That(all.Select(i => i.Name), Is.EqualTo(new[] { "a.test", "b.test", "c.test", "exact.test" }), "due at or before now");
        Assert.That(next, Is.EqualTo(T0.AddMinutes(1)));
    }

    [Test]
    public async Task A_due_time_in_another_offset_is_ordered_by_the_instant()
    {
        var store = await OpenAsync();
        var plusTwo = TimeSpan.FromHours(2);
        await store.SaveIdentityAsync(Domain("a1", "east.test", T0.ToOffset(plusTwo).AddMinutes(2)), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "utc.test", T0.AddMinutes(1)), CancellationToken.None);

        var due = await store.ListIdentitiesDueAsync(T0.AddMinutes(2).ToOffset(plusTwo), 10, CancellationToken.None);

        Assert.That(due.Select(i => i.Name), Is.EqualTo(new[] { "utc.test", "east.test" }));
    }

    [Test]
    public async Task Nothing_scheduled_means_no_next_check()
    {
        var store = await OpenAsync();
        await store.SaveIdentityAsync(Domain("a1", "never.test"), CancellationToken.None);

        Assert.That(await store.NextCheckAsync(CancellationToken.None), Is.Null);
        Assert.That(await store.ListIdentitiesDueAsync(T0.AddYears(10), 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task An_address_is_found_by_its_confirmation_token_and_a_domain_is_not()
    {
        var store = await OpenAsync();
        var address = new Identity("a2", "user@example.com", IdentityType.EmailAddress, VerificationStatus.Pending, VerificationStatus.NotStarted, true, null)
        {
            VerificationToken = "secret-1",
        };
        await store.SaveIdentityAsync(address, CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "example.com") with { VerificationToken = "secret-2" }, CancellationToken.None);

        var found = await store.FindEmailIdentityByTokenAsync("secret-1", CancellationToken.None);

        Assert.That(found?.Name, Is.EqualTo("user@example.com"));
        Assert.That(found?.AccountId, Is.EqualTo("a2"));
        Assert.That(await store.FindEmailIdentityByTokenAsync("secret-2", CancellationToken.None), Is.Null);
        Assert.That(await store.FindEmailIdentityByTokenAsync("secret", CancellationToken.None), Is.Null);
    }
}

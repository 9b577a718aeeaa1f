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

        var nextBefore = await store.NextCheckAsync(CancellationToken.None);
        var firstTwo = await store.ClaimIdentitiesDueAsync(T0.AddMinutes(5), T0.AddMinutes(8), 2, CancellationToken.None);
        var rest = await store.ClaimIdentitiesDueAsync(T0.AddMinutes(5), T0.AddMinutes(8), 100, CancellationToken.None);
        var nextAfter = await store.NextCheckAsync(CancellationToken.None);

        Assert.That(nextBefore, Is.EqualTo(T0.AddMinutes(1)));
        Assert.That(firstTwo.Select(i => i.Name), Is.EqualTo(new[] { "a.test", "b.test" }));
        Assert.That(rest.Select(i => i.Name), Is.EqualTo(new[] { "c.test", "exact.test" }), "due at or before now, and not claimed already");
        Assert.That(nextAfter, Is.EqualTo(T0.AddMinutes(8)), "the claimed ones can be claimed again when their claim ends, before later.test is due");
    }

    [Test]
    public async Task A_claimed_identity_is_claimed_again_only_when_its_claim_ends_or_it_is_saved()
    {
        var store = await OpenAsync();
        await store.SaveIdentityAsync(Domain("a1", "held.test", T0), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "saved.test", T0), CancellationToken.None);
        var claimed = await store.ClaimIdentitiesDueAsync(T0, T0.AddMinutes(5), 10, CancellationToken.None);

        var whileHeld = await store.ClaimIdentitiesDueAsync(T0.AddMinutes(4), T0.AddMinutes(9), 10, CancellationToken.None);
        var saved = claimed.Single(i => i.Name == "saved.test");
        Assert.That(await store.TrySaveIdentityAsync(saved, CancellationToken.None), Is.True, "a claim is no change: the version read still matches");
        var afterSave = await store.ClaimIdentitiesDueAsync(T0.AddMinutes(4), T0.AddMinutes(9), 10, CancellationToken.None);
        var whenEnded = await store.ClaimIdentitiesDueAsync(T0.AddMinutes(5), T0.AddMinutes(10), 10, CancellationToken.None);

        Assert.That(claimed.Select(i => i.Name), Is.EquivalentTo(new[] { "held.test", "saved.test" }));
        Assert.That(whileHeld, Is.Empty, "both are held until T0+5m");
        Assert.That(afterSave.Select(i => i.Name), Is.EqualTo(new[] { "saved.test" }), "a save (still due) ends the claim");
        Assert.That(whenEnded.Select(i => i.Name), Is.EqualTo(new[] { "held.test" }), "a claim nobody saved ends at its time");
    }

    [Test]
    public async Task Two_nodes_claiming_at_once_never_claim_the_same_identity()
    {
        var nodeA = await OpenAsync();
        var nodeB = await _database!.OpenRelayStoreAsync();
        for (var i = 0; i < 200; i++)
        {
            await nodeA.SaveIdentityAsync(Domain(i % 2 == 0 ? "a1" : "a2", $"d{i:D3}.test", T0.AddSeconds(-i)), CancellationToken.None);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<List<string>> ClaimAsync(IRelayStore node)
        {
            await start.Task;
            var names = new List<string>();
            for (var round = 0; round < 20; round++)
            {
                var batch = await node.ClaimIdentitiesDueAsync(T0, T0.AddMinutes(5), 4, CancellationToken.None);
                names.AddRange(batch.Select(identity => $"{identity.AccountId}/{identity.Name}"));
            }

            return names;
        }

        // Twenty claims of four by each node at once (160 at most), then one node claims what is left.
        var claiming = new[] { Task.Run(() => ClaimAsync(nodeA)), Task.Run(() => ClaimAsync(nodeB)) };
        start.SetResult();
        var claims = await Task.WhenAll(claiming);
        var rest = await nodeB.ClaimIdentitiesDueAsync(T0, T0.AddMinutes(5), 200, CancellationToken.None);

        var all = claims[0].Concat(claims[1]).Concat(rest.Select(identity => $"{identity.AccountId}/{identity.Name}")).ToList();
        Assert.That(claims[0].Concat(claims[1]).GroupBy(name => name).Where(group => group.Count() > 1).Select(group => group.Key), Is.Empty,
            "no identity claimed by both nodes");
        Assert.That(all, Has.Count.EqualTo(200), "every due identity claimed once");
        Assert.That(all.Distinct().Count(), Is.EqualTo(200));
    }

    [Test]
    public async Task A_due_time_in_another_offset_is_ordered_by_the_instant()
    {
        var store = await OpenAsync();
        var plusTwo = TimeSpan.FromHours(2);
        await store.SaveIdentityAsync(Domain("a1", "east.test", T0.ToOffset(plusTwo).AddMinutes(2)), CancellationToken.None);
        await store.SaveIdentityAsync(Domain("a1", "utc.test", T0.AddMinutes(1)), CancellationToken.None);

        var due = await store.ClaimIdentitiesDueAsync(T0.AddMinutes(2).ToOffset(plusTwo), T0.AddMinutes(7).ToOffset(plusTwo), 10, CancellationToken.None);

        Assert.That(due.Select(i => i.Name), Is.EqualTo(new[] { "utc.test", "east.test" }));
    }

    [Test]
    public async Task Nothing_scheduled_means_no_next_check()
    {
        var store = await OpenAsync();
        await store.SaveIdentityAsync(Domain("a1", "never.test"), CancellationToken.None);

        Assert.That(await store.NextCheckAsync(CancellationToken.None), Is.Null);
        Assert.That(await store.ClaimIdentitiesDueAsync(T0.AddYears(10), T0.AddYears(10).AddMinutes(5), 10, CancellationToken.None), Is.Empty);
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

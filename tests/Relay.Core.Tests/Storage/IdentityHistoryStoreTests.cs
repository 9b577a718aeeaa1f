using Microsoft.Extensions.Time.Testing;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Storage;
using Relay.Core.Tests.Lifecycle;

namespace Relay.Core.Tests.Storage;

/// <summary>The identities' stored status history, the same tests against each store.</summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class IdentityHistoryStoreTests(StoreKind kind)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero));
    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await StoreUnderTest.CreateAsync(kind);

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private async Task<IRelayStore> OpenAsync(int perIdentity = IdentityHistoryOptions.DefaultPerIdentity)
    {
        var store = await _database!.OpenRelayStoreAsync(new IdentityHistoryOptions(perIdentity, _time));
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveAccountAsync(new Account("a2", "two", "u2", "h", null), CancellationToken.None);
        return store;
    }

    [Test]
    public async Task Each_saved_status_change_is_a_row_with_its_time_and_finding_newest_first()
    {
        var store = await OpenAsync();
        await store.SaveIdentityAsync(Pending("a1", "Example.com"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var read = await GetAsync(store, "a1");
        var missing = new DnsRecordDiagnostic("tok1._domainkey.example.com", "CNAME", "tok1.dkim.test", "Missing", "No CNAME at tok1._domainkey.example.com.");
        await store.TrySaveIdentityAsync(read with
        {
            DkimStatus = VerificationStatus.Failed,
            DkimCheck = read.DkimCheck with { Records = [missing] },
        }, CancellationToken.None);

        var history = await store.ListHistoryAsync("a1", "EXAMPLE.COM", 10, CancellationToken.None);

        Assert.That(history.Select(row => (row.Change, row.From, row.To)), Is.EqualTo(new[]
        {
            (IdentityHistoryChange.DkimStatus, "PENDING", "FAILED"),
            (IdentityHistoryChange.DkimStatus, "NOT_STARTED", "PENDING"),
            (IdentityHistoryChange.Created, null, "domain"),
        }));
        Assert.That(history[0].When, Is.EqualTo(_time.GetUtcNow()));
        Assert.That(history[2].When, Is.EqualTo(_time.GetUtcNow() - TimeSpan.FromMinutes(5)));
        Assert.That((history[0].Finding, history[0].FindingRecord, history[0].Detail),
            Is.EqualTo(("Missing", "tok1._domainkey.example.com", "No CNAME at tok1._domainkey.example.com.")));
        Assert.That(history.Select(row => (row.AccountId, row.Name)).Distinct(), Is.EqualTo(new[] { ("a1", "example.com") }));
    }

    [Test]
    public async Task A_save_that_changes_no_status_and_a_compare_and_swap_that_loses_add_no_rows()
    {
        var store = await OpenAsync();
        await store.SaveIdentityAsync(Pending("a1", "example.com"), CancellationToken.None);
        var read = await GetAsync(store, "a1");
        var before = await store.ListHistoryAsync("a1", "example.com", 10, CancellationToken.None);

        await store.TrySaveIdentityAsync(read with { DkimCheck = read.DkimCheck with { Attempts = 3 } }, CancellationToken.None);
        var lost = await store.TrySaveIdentityAsync(read with { DkimStatus = VerificationStatus.Success }, CancellationToken.None);

        Assert.That(lost, Is.False, "the version read is stale");
        Assert.That(await store.ListHistoryAsync("a1", "example.com", 10, CancellationToken.None), Is.EqualTo(before));
    }

    [Test]
    public async Task Only_the_newest_rows_are_kept_per_identity_and_deleting_the_identity_deletes_its_rows()
    {
        var store = await OpenAsync(perIdentity: 3);
        await store.SaveIdentityAsync(Pending("a1", "example.com"), CancellationToken.None);
        await store.SaveIdentityAsync(Pending("a2", "example.com"), CancellationToken.None);
        var statuses = new[] { VerificationStatus.Success, VerificationStatus.TemporaryFailure, VerificationStatus.Success, VerificationStatus.Failed };
        foreach (var status in statuses)
        {
            _time.Advance(TimeSpan.FromHours(1));
            var read = await GetAsync(store, "a1");
            Assert.That(await store.TrySaveIdentityAsync(read with { DkimStatus = status }, CancellationToken.None), Is.True);
        }

        var kept = await store.ListHistoryAsync("a1", "example.com", 100, CancellationToken.None);
        var newestTwo = await store.ListHistoryAsync("a1", "example.com", 2, CancellationToken.None);
        await store.DeleteIdentityAsync("a1", "example.com", CancellationToken.None);

        Assert.That(kept.Select(row => row.To), Is.EqualTo(new[] { "FAILED", "SUCCESS", "TEMPORARY_FAILURE" }));
        Assert.That(newestTwo, Is.EqualTo(kept.Take(2)));
        Assert.That(await store.ListHistoryAsync("a1", "example.com", 100, CancellationToken.None), Is.Empty);
        Assert.That((await store.ListHistoryAsync("a2", "example.com", 100, CancellationToken.None)).Select(row => row.To),
            Is.EqualTo(new[] { "PENDING", "domain" }), "another account's identity of the same name keeps its own rows");
    }

    [Test]
    public async Task Signing_switches_key_changes_and_the_ed25519_key_are_rows_too()
    {
        var store = await OpenAsync();
        var key = new SigningKey("tok1", TestRsaKeys.Pkcs8Pem(1024), 1024);
        await store.SaveIdentityAsync(Pending("a1", "example.com") with { SigningKey = key, DkimKeys = [key] }, CancellationToken.None);
        var read = await GetAsync(store, "a1");
        var ed25519 = new TestEd25519KeyFactory().Generate("tok4");
        var bigger = new SigningKey("tok1", TestRsaKeys.Pkcs8Pem(2048), 2048);
        _time.Advance(TimeSpan.FromMinutes(1));
        await store.TrySaveIdentityAsync(read with
        {
            SigningEnabled = false,
            SigningKey = bigger,
            DkimKeys = [bigger],
            NextSigningKeyLength = DkimKeyLength.Rsa1024,
            Ed25519 = new Ed25519Dkim(DkimSigningOrigin.AwsSes, ed25519, VerificationStatus.Pending, DnsCheckState.Idle),
        }, CancellationToken.None);

        var changes = (await store.ListHistoryAsync("a1", "example.com", 100, CancellationToken.None))
            .Where(row => row.When == _time.GetUtcNow()).ToDictionary(row => row.Change);

        Assert.That(changes.Keys, Is.EquivalentTo(new[]
        {
            IdentityHistoryChange.SigningEnabled, IdentityHistoryChange.SigningKey, IdentityHistoryChange.KeyLength, IdentityHistoryChange.Ed25519Status,
        }));
        Assert.That((changes[IdentityHistoryChange.SigningEnabled].From, changes[IdentityHistoryChange.SigningEnabled].To), Is.EqualTo(("enabled", "disabled")));
        Assert.That((changes[IdentityHistoryChange.SigningKey].From, changes[IdentityHistoryChange.SigningKey].To), Is.EqualTo(("tok1 (1024 bits)", "tok1 (2048 bits)")));
        Assert.That((changes[IdentityHistoryChange.KeyLength].From, changes[IdentityHistoryChange.KeyLength].To), Is.EqualTo(("RSA_2048_BIT", "RSA_1024_BIT")));
        Assert.That((changes[IdentityHistoryChange.Ed25519Status].From, changes[IdentityHistoryChange.Ed25519Status].To), Is.EqualTo(((string?)null, "PENDING")));
        Assert.That(changes[IdentityHistoryChange.Ed25519Status].Detail, Is.EqualTo("selector tok4"));
    }

    private static async Task<Identity> GetAsync(IRelayStore store, string account) =>
        (await store.ListIdentitiesAsync(account, CancellationToken.None)).Single();

    private static Identity Pending(string account, string name) =>
        new(account, name, IdentityType.Domain, VerificationStatus.NotStarted, VerificationStatus.Pending, true, null);
}

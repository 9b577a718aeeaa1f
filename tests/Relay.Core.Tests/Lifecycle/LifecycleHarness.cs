using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// The identity lifecycle as the host wires it, over a real store (a SQLite file in a temporary folder by default, or a
/// database of the test run's PostgreSQL), a fake clock, a fake DNS
/// whose records the test publishes, and a notifier that records. Two accounts exist: <see cref="AccountA"/> and
/// <see cref="AccountB"/>.
/// </summary>
internal sealed class LifecycleHarness : IAsyncDisposable
{
    public const string AccountA = "acct-a";
    public const string AccountB = "acct-b";
    public const string Zone = "dkim.relay.test";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How long a sweep holds what it claimed (the host's default, <c>Relay:DnsChecks:ClaimLease</c>).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    private readonly StoreUnderTest _database;
    private readonly IDkimKeyFactory _keys;

    private LifecycleHarness(StoreUnderTest database, IRelayStore store, IDkimKeyFactory keys, FakeTimeProvider time)
    {
        _database = database;
        Time = time;
        _keys = keys;
        Store = store;
        Dns = new FakeIdentityDnsChecker(Zone, Options.VerificationRecordPrefix);
        Verifier = new IdentityVerifier(Store, Dns, Notifier, keys, Ed25519Keys, Options, Time, NullLogger<IdentityVerifier>.Instance);
        Service = new IdentityManagementService(Store, Store, Store, keys, Ed25519Keys, Verifier, Notifier, Options, Time, NullLogger<IdentityManagementService>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public TestEd25519KeyFactory Ed25519Keys { get; } = new();

    public IdentityLifecycleOptions Options { get; } = new() { ProviderDkimZone = Zone };

    public RecordingIdentityNotifier Notifier { get; } = new();

    public FakeIdentityDnsChecker Dns { get; }

    public IRelayStore Store { get; }

    public IdentityVerifier Verifier { get; }

    public IdentityManagementService Service { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The SQLite file, for tests that look at what is stored.</summary>
    public string DatabasePath => _database.SqlitePath ?? throw new InvalidOperationException("This harness runs on PostgreSQL.");

    /// <summary>A harness whose keys are 1024 bits whatever is asked, or, with <paramref name="realKeyLengths"/>, the lengths asked.</summary>
    public static async Task<LifecycleHarness> CreateAsync(bool realKeyLengths = false, StoreKind storeKind = StoreKind.Sqlite)
    {
        var database = await StoreUnderTest.CreateAsync(storeKind);
        var time = new FakeTimeProvider(Start);
        var store = await database.OpenRelayStoreAsync(new IdentityHistoryOptions(IdentityHistoryOptions.DefaultPerIdentity, time));
        await store.SaveAccountAsync(new Account(AccountA, "alpha", "alpha-smtp", "hash", "ops@alpha.test"), CancellationToken.None);
        await store.SaveAccountAsync(new Account(AccountB, "beta", "beta-smtp", "hash", null), CancellationToken.None);
        IDkimKeyFactory keys = realKeyLengths ? new RsaDkimKeyFactory() : new QuickDkimKeyFactory();
        return new LifecycleHarness(database, store, keys, time);
    }

    /// <summary>The identity as stored; fails the test when there is none.</summary>
    public async Task<Identity> GetAsync(string name, string account = AccountA)
    {
        var found = await Store.FindIdentitiesAsync(account, [name], CancellationToken.None);
        Assert.That(found, Has.Count.EqualTo(1), $"identity {name} of {account}");
        return found[0];
    }

    /// <summary>Publishes in the fake DNS every record <see cref="IIdentityManagement.RecordsFor"/> gives for the identity.</summary>
    public async Task PublishRecordsAsync(string name, string account = AccountA) =>
        Dns.Publish(Service.RecordsFor(await GetAsync(name, account)));

    /// <summary>Moves the clock to <paramref name="time"/> and runs the checks due then.</summary>
    public async Task<int> RunChecksAtAsync(DateTimeOffset time)
    {
        Time.SetUtcNow(time);
        return await Verifier.CheckDueAsync(100, ClaimLease, CancellationToken.None);
    }

    /// <summary>
    /// Another node on the same database: a store of its own (a new connection pool, as another process would open),
    /// its verifier and management service, the same DNS, clock, keys and options, and a notifier of its own.
    /// <paramref name="decorate"/> may wrap the node's identity store (to hold its saves back, for instance).
    /// </summary>
    public async Task<OtherNode> OpenOtherNodeAsync(Func<IIdentityStore, IIdentityStore>? decorate = null)
    {
        var relayStore = await _database.OpenRelayStoreAsync();
        var store = decorate?.Invoke(relayStore) ?? relayStore;
        var notifier = new RecordingIdentityNotifier();
        var verifier = new IdentityVerifier(store, Dns, notifier, _keys, Ed25519Keys, Options, Time, NullLogger<IdentityVerifier>.Instance);
        var service = new IdentityManagementService(
            store, relayStore, relayStore, _keys, Ed25519Keys, verifier, notifier, Options, Time, NullLogger<IdentityManagementService>.Instance);
        return new OtherNode(verifier, service, notifier);
    }

    /// <summary>Moves the clock to the identity's next check, runs the due checks, and returns the identity as saved.</summary>
    public async Task<Identity> RunNextCheckAsync(string name, string account = AccountA)
    {
        var identity = await GetAsync(name, account);
        Assert.That(identity.NextCheck, Is.Not.Null, $"{name} has no check scheduled");
        await RunChecksAtAsync(identity.NextCheck!.Value);
        return await GetAsync(name, account);
    }

    /// <summary>
    /// A domain of <see cref="AccountA"/> whose Easy DKIM is SUCCESS: VerifyDomainDkim, the records published, one check.
    /// Leaves the records published and the events list empty; moves the clock past the throttle interval first.
    /// </summary>
    public async Task<Identity> CreateSignedDomainAsync(string domain)
    {
        Time.Advance(Options.VerifyDomainDkimInterval);
        await Service.VerifyDomainDkimAsync(AccountA, domain, CancellationToken.None);
        await PublishRecordsAsync(domain);
        var identity = await RunNextCheckAsync(domain);
        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Success), "set-up: the domain's DKIM verified");
        Notifier.Events.Clear();
        return identity;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>What <see cref="OpenOtherNodeAsync"/> opens.</summary>
    public sealed record OtherNode(IdentityVerifier Verifier, IdentityManagementService Service, RecordingIdentityNotifier Notifier);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// The background verifier on two nodes of one store (two connection pools on one database; for SQLite, two
/// processes on one file): 200 domains are due, each node's DNS counts what it looks up, and every domain must be
/// looked up once per due time, also when a node dies mid-batch or its claim runs out.
/// </summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class ClusterVerifierTests(StoreKind kind)
{
    private const int Domains = 200;
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly IdentityLifecycleOptions _options = new() { ProviderDkimZone = "dkim.relay.test" };

    // Per test: NUnit makes one instance of a fixture for all its tests.
    private ConcurrentDictionary<string, int> _lookups = null!;
    private FakeTimeProvider _time = null!;
    private StoreUnderTest? _database;

    private sealed record Node(IRelayStore Store, IdentityVerifier Verifier, CountingDnsChecker Dns, RecordingIdentityNotifier Notifier);

    [SetUp]
    public async Task CreateDomainsAsync()
    {
        _lookups = new ConcurrentDictionary<string, int>();
        _time = new FakeTimeProvider(T0);
        _database = await StoreUnderTest.CreateAsync(kind);
        var store = await _database.OpenRelayStoreAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        await store.SaveAccountAsync(new Account("a2", "two", "u2", "h", null), CancellationToken.None);
        for (var i = 0; i < Domains; i++)
        {
            // Due one second apart, the highest number first, so that the order of the claims is known.
            var domain = new Identity(i % 2 == 0 ? "a1" : "a2", Name(i), IdentityType.Domain, VerificationStatus.Pending, VerificationStatus.NotStarted, true, null)
            {
                VerificationToken = "token-" + i,
                VerificationCheck = DnsCheckState.Idle with { Since = T0.AddHours(-1), NextCheck = T0.AddSeconds(-i) },
            };
            await store.SaveIdentityAsync(domain, CancellationToken.None);
        }
    }

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    private static string Name(int i) => $"d{i:D3}.test";

    private async Task<Node> OpenNodeAsync()
    {
        var store = await _database!.OpenRelayStoreAsync();
        var dns = new CountingDnsChecker(_lookups);
        var notifier = new RecordingIdentityNotifier();
        var verifier = new IdentityVerifier(
            store, dns, notifier, new QuickDkimKeyFactory(), new TestEd25519KeyFactory(), _options, _time, NullLogger<IdentityVerifier>.Instance);
        return new Node(store, verifier, dns, notifier);
    }

    /// <summary>What the host's service does on each wake: sweep batches until nothing more can be claimed.</summary>
    private static async Task SweepAsync(Node node)
    {
        while (await node.Verifier.CheckDueAsync(5, Lease, CancellationToken.None) > 0)
        {
            // Claimed a batch: there may be more.
        }
    }

    [Test]
    public async Task Two_nodes_sweeping_at_once_look_up_each_due_domain_once()
    {
        var nodes = new[] { await OpenNodeAsync(), await OpenNodeAsync() };
        // Each node's first lookup waits until the other's has begun (each holds a claimed batch of 5 then), so both
        // sweep side by side; without it one node could claim all 200 before the other was scheduled.
        var first = nodes.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        for (var index = 0; index < nodes.Length; index++)
        {
            var mine = first[index];
            var others = first.Where(other => other != mine).Select(other => other.Task).ToArray();
            nodes[index].Dns.BeforeLookup = async number =>
            {
                if (number == 1)
                {
                    mine.TrySetResult();
                    await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(30));
                }
            };
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sweeps = nodes.Select(node => Task.Run(async () =>
        {
            await start.Task;
            await SweepAsync(node);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(sweeps);

        Assert.That(_lookups.Keys, Is.EquivalentTo(Enumerable.Range(0, Domains).Select(Name)), "every due domain looked up");
        Assert.That(_lookups.Where(pair => pair.Value != 1).Select(pair => $"{pair.Key}: {pair.Value}"), Is.Empty, "and once");
        Assert.That(nodes.Sum(node => node.Notifier.Events.Count), Is.EqualTo(Domains), "each domain's verification announced once");
        Assert.That(nodes.Select(node => node.Dns.Answered), Has.All.GreaterThan(0), "set-up: both nodes did some of the work");
        var stored = (await nodes[0].Store.ListIdentitiesAsync("a1", CancellationToken.None))
            .Concat(await nodes[0].Store.ListIdentitiesAsync("a2", CancellationToken.None)).ToList();
        Assert.That(stored.Select(identity => identity.VerificationStatus), Has.All.EqualTo(VerificationStatus.Success));
        Assert.That(stored.Select(identity => identity.NextCheck), Has.All.EqualTo(T0 + _options.RecheckInterval));
    }

    [Test]
    public async Task A_node_killed_mid_batch_leaves_its_claimed_domains_to_the_other_node_once_the_lease_ends()
    {
        var (killed, survivor) = (await OpenNodeAsync(), await OpenNodeAsync());
        using var kill = new CancellationTokenSource();
        killed.Dns.BeforeLookup = number =>
        {
            if (number == 4)
            {
                // Killed while its fourth lookup is under way: that check and the 16 claimed after it are never made.
                kill.Cancel();
                kill.Token.ThrowIfCancellationRequested();
            }

            return Task.CompletedTask;
        };

        Assert.CatchAsync<OperationCanceledException>(() => killed.Verifier.CheckDueAsync(20, Lease, kill.Token));
        var checkedByKilled = Enumerable.Range(197, 3).Select(Name).ToList();
        var heldByKilled = Enumerable.Range(180, 17).Select(Name).ToList();
        Assert.That(_lookups.Keys, Is.EquivalentTo(checkedByKilled), "set-up: the earliest three were checked before the kill");

        await SweepAsync(survivor);

        Assert.That(heldByKilled.Where(_lookups.ContainsKey), Is.Empty, "the survivor leaves the dead node's claims alone while they last");
        Assert.That(_lookups, Has.Count.EqualTo(Domains - heldByKilled.Count));
        Assert.That(await survivor.Store.NextCheckAsync(CancellationToken.None), Is.EqualTo(T0 + Lease), "and sleeps until they end");

        _time.Advance(Lease);
        await SweepAsync(survivor);

        Assert.That(_lookups.Keys, Is.EquivalentTo(Enumerable.Range(0, Domains).Select(Name)), "every due domain looked up");
        Assert.That(_lookups.Where(pair => pair.Value != 1).Select(pair => $"{pair.Key}: {pair.Value}"), Is.Empty, "and once");
        Assert.That(survivor.Dns.Answered, Is.EqualTo(Domains - checkedByKilled.Count));
    }

    [Test]
    public async Task A_node_whose_claim_ran_out_during_a_slow_lookup_starts_no_further_check()
    {
        var (slow, other) = (await OpenNodeAsync(), await OpenNodeAsync());
        slow.Dns.BeforeLookup = async number =>
        {
            if (number == 2)
            {
                // The slow node's second lookup outlasts its lease; meanwhile the other node sweeps what has come free.
                _time.Advance(Lease);
                await SweepAsync(other);
            }
        };

        var claimed = await slow.Verifier.CheckDueAsync(20, Lease, CancellationToken.None);

        var inFlight = Name(198);
        Assert.That(claimed, Is.EqualTo(20));
        Assert.That(slow.Dns.Answered, Is.EqualTo(2), "the slow node stopped at its lapsed claim");
        Assert.That(_lookups[inFlight], Is.EqualTo(2), "the lookup in flight when the lease ran out was made by both nodes");
        Assert.That(_lookups.Where(pair => pair.Key != inFlight && pair.Value != 1).Select(pair => $"{pair.Key}: {pair.Value}"), Is.Empty,
            "every other domain once");
        Assert.That(_lookups, Has.Count.EqualTo(Domains));
        Assert.That(slow.Notifier.Events.Count + other.Notifier.Events.Count, Is.EqualTo(Domains),
            "the slow node's late result for the domain in flight is dropped: its change is announced once");
    }
}

using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Storage;
using Relay.Core.Tests.Storage;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>
/// The key zone's SOA serial as the store keeps it: it moves on with every change of a served record (a key added,
/// replaced or withdrawn, an identity deleted), not with saves that leave the records alone (the DNS checks save an
/// identity every few minutes), nor when reopened, and it moves when the provider's own record changed between runs.
/// </summary>
[TestFixtureSource(typeof(StoreKinds), nameof(StoreKinds.All))]
public sealed class KeyZoneSerialStoreTests(StoreKind kind)
{
    private const uint Initial = 2026120300;
    private const string Provider = "relay v=DKIM1; k=rsa; p=AAAA";
    private static readonly RsaDkimKeyFactory Keys = new();

    private StoreUnderTest? _database;

    [SetUp]
    public async Task CreateDatabaseAsync() => _database = await StoreUnderTest.CreateAsync(kind);

    [TearDown]
    public async Task DeleteDatabaseAsync() => await StoreUnderTest.DisposeAsync(_database);

    [Test]
    public async Task A_new_zone_starts_at_the_initial_serial_and_reopening_keeps_it()
    {
        var store = await OpenAsync();

        Assert.That(await store.OpenKeyZoneAsync(Initial, Provider, CancellationToken.None), Is.EqualTo(Initial));
        Assert.That(await (await OpenAsync()).OpenKeyZoneAsync(Initial + 50, Provider, CancellationToken.None), Is.EqualTo(Initial),
            "a later run with the same provider record serves the same serial, whatever its own start value");
    }

    [Test]
    public async Task A_changed_provider_record_moves_the_serial_on_once()
    {
        var store = await OpenAsync();
        await store.OpenKeyZoneAsync(Initial, Provider, CancellationToken.None);

        var changed = await store.OpenKeyZoneAsync(Initial, "relay v=DKIM1; k=rsa; p=BBBB", CancellationToken.None);
        var again = await store.OpenKeyZoneAsync(Initial, "relay v=DKIM1; k=rsa; p=BBBB", CancellationToken.None);

        Assert.That((changed, again), Is.EqualTo((Initial + 1, Initial + 1)));
    }

    [Test]
    public async Task Adding_replacing_and_withdrawing_keys_moves_the_serial_on_and_a_save_without_a_record_change_does_not()
    {
        var store = await OpenAsync();
        await store.OpenKeyZoneAsync(Initial, Provider, CancellationToken.None);
        var serials = new List<uint>();

        var first = EasyKeys("c");
        var identity = Domain() with { DkimKeys = first };
        await store.SaveIdentityAsync(identity, CancellationToken.None);
        serials.Add(await store.KeyZoneSerialAsync(CancellationToken.None));

        await store.SaveIdentityAsync(identity with { DkimCheck = DnsCheckState.Idle with { Attempts = 3 } }, CancellationToken.None);
        serials.Add(await store.KeyZoneSerialAsync(CancellationToken.None));

        await store.SaveIdentityAsync(identity with { DkimKeys = EasyKeys("d") }, CancellationToken.None);
        serials.Add(await store.KeyZoneSerialAsync(CancellationToken.None));

        await store.DeleteIdentityAsync("a1", "example.com", CancellationToken.None);
        serials.Add(await store.KeyZoneSerialAsync(CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(serials[0], Is.GreaterThan(Initial), "three keys published");
            Assert.That(serials[1], Is.EqualTo(serials[0]), "a DNS-check save leaves the records and the serial alone");
            Assert.That(serials[2], Is.GreaterThan(serials[1]), "keys replaced");
            Assert.That(serials[3], Is.GreaterThan(serials[2]), "identity deleted: its records are withdrawn");
        });
        Assert.That(await store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task The_serial_wraps_at_two_to_the_32_as_RFC_1982_allows()
    {
        var store = await OpenAsync();
        await store.OpenKeyZoneAsync(uint.MaxValue, Provider, CancellationToken.None);

        await store.SaveIdentityAsync(Domain() with { DkimKeys = EasyKeys("c") }, CancellationToken.None);

        Assert.That(await store.KeyZoneSerialAsync(CancellationToken.None), Is.LessThan(10u), "past 4294967295 the serial starts again from 0");
    }

    private async Task<IRelayStore> OpenAsync()
    {
        var store = await _database!.OpenRelayStoreAsync();
        await store.SaveAccountAsync(new Account("a1", "one", "u1", "h", null), CancellationToken.None);
        return store;
    }

    private static SigningKey[] EasyKeys(string prefix) =>
        Enumerable.Range(1, 3).Select(i => Keys.Generate($"{prefix}{i}{new string('a', 29)}", DkimKeyLength.Rsa1024)).ToArray();

    private static Identity Domain() =>
        new("a1", "example.com", IdentityType.Domain, VerificationStatus.Pending, VerificationStatus.Pending, true, null);
}

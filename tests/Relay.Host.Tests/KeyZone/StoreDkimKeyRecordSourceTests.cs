using Relay.Core.Accounts;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;
using Relay.Core.Ingestion;
using Relay.Core.Storage;
using Relay.Dkim;
using Relay.KeyZone;

namespace Relay.Host.Tests.KeyZone;

public sealed class StoreDkimKeyRecordSourceTests
{
    private const string ProviderSelector = "relay";
    private static readonly RsaDkimKeyFactory Keys = new();

    private string _directory = null!;
    private SqliteRelayStore _store = null!;
    private DkimPrivateKey _providerKey = null!;
    private StoreDkimKeyRecordSource _source = null!;
    private SigningKey[] _current = null!;
    private SigningKey[] _pending = null!;
    private SigningKey _byodkim = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _directory = Directory.CreateTempSubdirectory("relay-keyzone-").FullName;
        _store = await SqliteRelayStore.OpenAsync(Path.Combine(_directory, "relay.db"), CancellationToken.None);
        _providerKey = DkimPrivateKey.Generate(1024);
        _source = new StoreDkimKeyRecordSource(_store, new ProviderSignature(new SignatureSpec("relay.example.net", ProviderSelector, _providerKey.ToPem())), TimeProvider.System);
        await _store.SaveAccountAsync(new Account("acct-1", "shop", "shop", "hash", null), CancellationToken.None);
        await _store.SaveAccountAsync(new Account("acct-2", "blog", "blog", "hash", null), CancellationToken.None);

        // A verified Easy DKIM domain in the middle of a rotation: three current keys and three pending ones.
        _current = EasyDkimKeys(3);
        _pending = EasyDkimKeys(3);
        await _store.SaveIdentityAsync(Domain("acct-1", "shop.example", DkimSigningOrigin.AwsSes, _current) with
        {
            PendingDkim = new DkimKeyChange(DkimSigningOrigin.AwsSes, _pending, DnsCheckState.StartingAt(DateTimeOffset.UnixEpoch)),
        }, CancellationToken.None);

        // A BYODKIM domain: the customer publishes that key in his own zone, never in the provider's.
        _byodkim = Keys.Generate("customer-selector", DkimKeyLength.Rsa1024);
        await _store.SaveIdentityAsync(Domain("acct-2", "blog.example", DkimSigningOrigin.External, [_byodkim]), CancellationToken.None);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task The_provider_selector_serves_the_provider_public_key()
    {
        Assert.That(await _source.FindTxtAsync(ProviderSelector, CancellationToken.None), Is.EqualTo(_providerKey.ToDnsTxtRecord()));
    }

    [Test]
    public async Task Every_current_and_pending_Easy_DKIM_token_serves_its_own_public_key()
    {
        foreach (var key in _current.Concat(_pending))
        {
            Assert.That(await _source.FindTxtAsync(key.Selector, CancellationToken.None), Is.EqualTo(DkimPublicKeys.TxtValue(key)), key.Selector);
        }
    }

    [Test]
    public async Task A_served_key_record_is_the_DKIM1_RSA_record_of_that_token_private_key()
    {
        var txt = await _source.FindTxtAsync(_current[1].Selector, CancellationToken.None);

        Assert.That(txt, Is.EqualTo("v=DKIM1; k=rsa; p=" + DkimPrivateKey.FromPem(_current[1].PrivateKeyPem).PublicKeyBase64));
    }

    [TestCase("unknowntokenabcdefghijklmnopqrst")]
    [TestCase("customer-selector")]
    [TestCase("www")]
    public async Task Unknown_labels_and_BYODKIM_selectors_serve_nothing(string label)
    {
        Assert.That(await _source.FindTxtAsync(label, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task The_list_holds_the_provider_selector_and_every_Easy_DKIM_token_once()
    {
        var listed = new List<(string Label, string TxtValue)>();
        await foreach (var record in _source.ListAsync(CancellationToken.None))
        {
            listed.Add(record);
        }

        var expected = new[] { (ProviderSelector, _providerKey.ToDnsTxtRecord()) }
            .Concat(_current.Concat(_pending).Select(key => (key.Selector, DkimPublicKeys.TxtValue(key))));
        Assert.That(listed, Is.EquivalentTo(expected));
    }

    [Test]
    public async Task A_deleted_identity_no_longer_serves_its_tokens()
    {
        var keys = EasyDkimKeys(3);
        await _store.SaveIdentityAsync(Domain("acct-1", "gone.example", DkimSigningOrigin.AwsSes, keys), CancellationToken.None);
        Assert.That(await _source.FindTxtAsync(keys[0].Selector, CancellationToken.None), Is.Not.Null);

        await _store.DeleteIdentityAsync("acct-1", "gone.example", CancellationToken.None);

        Assert.That(await _source.FindTxtAsync(keys[0].Selector, CancellationToken.None), Is.Null);
    }

    private static SigningKey[] EasyDkimKeys(int count) =>
        Enumerable.Range(0, count).Select(_ => Keys.Generate(NewToken(), DkimKeyLength.Rsa1024)).ToArray();

    private static string NewToken() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 32);

    private static Identity Domain(string account, string name, DkimSigningOrigin origin, SigningKey[] keys) =>
        new(account, name, IdentityType.Domain, VerificationStatus.Success, VerificationStatus.Success, true, keys[0])
        {
            DkimOrigin = origin,
            DkimKeys = keys,
        };
}

using System.Security.Cryptography;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Core.Tests.Lifecycle;

/// <summary>Bring your own DKIM key: the formats accepted, the keys and selectors refused, and the record to publish.</summary>
public sealed class ByodkimTests
{
    private const string Domain = "example.com";

    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task CreateHarness() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task DisposeHarness() => await _h.DisposeAsync();

    public enum KeyShape
    {
        Pkcs1Pem,
        Pkcs8Pem,
        Pkcs8Base64Der,
        Pkcs1Base64Der,
    }

    private static string Shape(RSA rsa, KeyShape shape) => shape switch
    {
        KeyShape.Pkcs1Pem => rsa.ExportRSAPrivateKeyPem(),
        KeyShape.Pkcs8Pem => rsa.ExportPkcs8PrivateKeyPem(),
        KeyShape.Pkcs8Base64Der => TestRsaKeys.WrappedBase64(rsa.ExportPkcs8PrivateKey()),
        KeyShape.Pkcs1Base64Der => Convert.ToBase64String(rsa.ExportRSAPrivateKey()),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private Task<Identity> CreateAsync(string? selector, string privateKey) =>
        _h.Service.CreateIdentityAsync(LifecycleHarness.AccountA, Domain,
            new DkimSigningRequest(DkimSigningOrigin.External, Selector: selector, PrivateKey: privateKey), CancellationToken.None);

    [TestCase(KeyShape.Pkcs1Pem, 1024)]
    [TestCase(KeyShape.Pkcs8Pem, 1024)]
    [TestCase(KeyShape.Pkcs8Base64Der, 1024)]
    [TestCase(KeyShape.Pkcs1Base64Der, 1024)]
    [TestCase(KeyShape.Pkcs8Pem, 2048)]
    public async Task A_good_key_is_accepted_in_each_format(KeyShape shape, int bits)
    {
        using var rsa = RSA.Create(bits);

        var identity = await CreateAsync("S2026", Shape(rsa, shape));

        Assert.Multiple(() =>
        {
            Assert.That(identity.DkimOrigin, Is.EqualTo(DkimSigningOrigin.External));
            Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
            Assert.That(identity.DkimKeys, Has.Count.EqualTo(1));
            Assert.That(identity.SigningKey?.Selector, Is.EqualTo("s2026"), "selectors are kept lower-case");
            Assert.That(identity.SigningKey?.KeyBits, Is.EqualTo(bits));
            Assert.That(DkimPublicKeys.PublicKeyBase64(identity.SigningKey!), Is.EqualTo(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())));
        });
    }

    [Test]
    public async Task The_record_to_publish_is_the_selectors_txt_with_the_public_key_and_it_verifies_the_domain()
    {
        using var rsa = RSA.Create(1024);
        var identity = await CreateAsync("s2026", rsa.ExportPkcs8PrivateKeyPem());

        var records = _h.Service.RecordsFor(identity);
        _h.Dns.Publish(records);
        var verified = await _h.RunNextCheckAsync(Domain);

        Assert.That(records, Is.EqualTo(new[]
        {
            new DnsRecord("s2026._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())),
        }));
        Assert.That(verified.DkimStatus, Is.EqualTo(VerificationStatus.Success));
        Assert.That(await _h.Store.ListDkimRecordsAsync(CancellationToken.None), Is.Empty, "the customer serves a BYODKIM key, not Relay");
    }

    [Test]
    public async Task A_txt_record_with_another_key_does_not_verify()
    {
        var identity = await CreateAsync("s2026", TestRsaKeys.Pkcs8Pem(1024));
        using var other = RSA.Create(1024);
        _h.Dns.Publish([new DnsRecord("s2026._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(other.ExportSubjectPublicKeyInfo()))]);

        var checkedIdentity = await _h.RunNextCheckAsync(Domain);

        Assert.That(identity.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
        Assert.That(checkedIdentity.DkimStatus, Is.EqualTo(VerificationStatus.Pending));
    }

    private static IEnumerable<TestCaseData> BadKeys()
    {
        yield return new TestCaseData("not a key").SetName("garbage text");
        yield return new TestCaseData("AAAA").SetName("base64 that is no key");
        yield return new TestCaseData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").SetName("a PEM that is no key");
        yield return new TestCaseData("   ").SetName("an empty key");
        using var rsa = RSA.Create(1024);
        yield return new TestCaseData(rsa.ExportSubjectPublicKeyInfoPem()).SetName("a public key in PEM");
        yield return new TestCaseData(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())).SetName("a public key in base64 DER");
        yield return new TestCaseData(rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1)))
            .SetName("an encrypted private key");
        using var ec = ECDsa.Create();
        yield return new TestCaseData(ec.ExportPkcs8PrivateKeyPem()).SetName("an EC key");
    }

    [TestCaseSource(nameof(BadKeys))]
    public async Task A_bad_key_is_refused_as_an_invalid_parameter_and_nothing_is_created(string privateKey)
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => CreateAsync("s1", privateKey));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That(refused?.Message, Does.Contain("private key"));
        Assert.That(await _h.Service.FindAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None), Is.Null);
    }

    [Test]
    public void A_512_bit_key_is_refused_with_its_size()
    {
        using var rsa = RSA.Create(512);

        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => CreateAsync("s1", rsa.ExportPkcs8PrivateKeyPem()));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That(refused?.Message, Does.Contain("512 bits"));
    }

    [Test]
    public void An_8192_bit_key_is_refused_with_its_size()
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => CreateAsync("s1", TestRsaKeys.Oversized8192BitPem()));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That(refused?.Message, Does.Contain("8192 bits"));
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("-s1")]
    [TestCase("s1-")]
    [TestCase("s_1")]
    [TestCase("s1._domainkey")]
    [TestCase("s 1")]
    [TestCase("sélecteur")]
    public async Task A_bad_selector_is_refused_as_an_invalid_parameter(string? selector)
    {
        var refused = Assert.ThrowsAsync<IdentityOperationException>(() => CreateAsync(selector, TestRsaKeys.Pkcs8Pem(1024)));

        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
        Assert.That(refused?.Message, Does.Contain("Selector"));
        Assert.That(await _h.Service.FindAsync(LifecycleHarness.AccountA, Domain, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_selector_of_63_characters_is_accepted_and_64_refused()
    {
        var key = TestRsaKeys.Pkcs8Pem(1024);

        var longest = await CreateAsync(new string('s', 63), key);
        var refused = Assert.ThrowsAsync<IdentityOperationException>(() =>
            _h.Service.SetSigningAttributesAsync(LifecycleHarness.AccountA, Domain,
                new DkimSigningRequest(DkimSigningOrigin.External, Selector: new string('s', 64), PrivateKey: key), CancellationToken.None));

        Assert.That(longest.SigningKey?.Selector, Has.Length.EqualTo(63));
        Assert.That(refused?.Kind, Is.EqualTo(IdentityErrorKind.InvalidParameter));
    }
}

using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Relay.Dkim;

namespace Relay.Dkim.Tests;

/// <summary>Reading, generating and publishing keys; what is refused and how it is explained.</summary>
[TestFixture]
public sealed class DkimPrivateKeyTests
{
    private RSA _rsa = null!;

    [OneTimeSetUp]
    public void CreateKey() => _rsa = RSA.Create(2048);

    [OneTimeTearDown]
    public void DisposeKey() => _rsa.Dispose();

    private static IEnumerable<TestCaseData> AcceptedEncodings()
    {
        yield return new TestCaseData((Func<RSA, string>)(rsa => rsa.ExportRSAPrivateKeyPem())).SetArgDisplayNames("PKCS#1 PEM");
        yield return new TestCaseData((Func<RSA, string>)(rsa => rsa.ExportPkcs8PrivateKeyPem())).SetArgDisplayNames("PKCS#8 PEM");
        yield return new TestCaseData((Func<RSA, string>)(rsa => Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()))).SetArgDisplayNames("PKCS#8 base64 DER");
        yield return new TestCaseData((Func<RSA, string>)(rsa => Convert.ToBase64String(rsa.ExportRSAPrivateKey()))).SetArgDisplayNames("PKCS#1 base64 DER");
        yield return new TestCaseData((Func<RSA, string>)(rsa => "\n  " + rsa.ExportPkcs8PrivateKeyPem().Replace("\n", "\r\n", StringComparison.Ordinal) + "\n\n"))
            .SetArgDisplayNames("PEM with CRLF and surrounding blank lines");
    }

    [TestCaseSource(nameof(AcceptedEncodings))]
    public void Reads_the_key_in_every_accepted_encoding(Func<RSA, string> encode)
    {
        var key = DkimPrivateKey.FromPem(encode(_rsa));

        Assert.Multiple(() =>
        {
            Assert.That(key.KeySizeBits, Is.EqualTo(2048));
            Assert.That(key.PublicKeyBase64, Is.EqualTo(Convert.ToBase64String(_rsa.ExportSubjectPublicKeyInfo())));
        });
    }

    [Test]
    public void Dns_record_publishes_the_SubjectPublicKeyInfo_of_the_key()
    {
        var key = DkimPrivateKey.FromPem(_rsa.ExportPkcs8PrivateKeyPem());

        var record = key.ToDnsTxtRecord();

        Assert.That(record, Does.Match("^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+=*$"));
        using var published = RSA.Create();
        published.ImportSubjectPublicKeyInfo(Convert.FromBase64String(record["v=DKIM1; k=rsa; p=".Length..]), out _);
        Assert.That(published.ExportParameters(false).Modulus, Is.EqualTo(_rsa.ExportParameters(false).Modulus));
    }

    [TestCase(1024)]
    [TestCase(2048)]
    public void Generates_keys_that_round_trip_through_PKCS8_PEM(int bits)
    {
        var key = DkimPrivateKey.Generate(bits);

        var pem = key.ToPem();
        var again = DkimPrivateKey.FromPem(pem);

        Assert.Multiple(() =>
        {
            Assert.That(key.KeySizeBits, Is.EqualTo(bits));
            Assert.That(pem, Does.StartWith("-----BEGIN PRIVATE KEY-----\n").And.EndWith("-----END PRIVATE KEY-----\n"));
            Assert.That(again.PublicKeyBase64, Is.EqualTo(key.PublicKeyBase64));
            Assert.That(key.ToString(), Does.Not.Contain(key.PublicKeyBase64[..20]).And.Contain(bits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
        using var rsa = RSA.Create();
        Assert.DoesNotThrow(() => rsa.ImportFromPem(pem), ".NET reads the PEM as standard PKCS#8");
    }

    [Test]
    public void Accepts_a_4096_bit_key()
    {
        using var rsa = RSA.Create(4096);

        Assert.That(DkimPrivateKey.FromPem(rsa.ExportPkcs8PrivateKeyPem()).KeySizeBits, Is.EqualTo(4096));
    }

    [TestCase(512)]
    [TestCase(1000)]
    [TestCase(8192)]
    public void Refuses_to_generate_keys_outside_policy(int bits)
    {
        var ex = Assert.Throws<DkimKeyException>(() => DkimPrivateKey.Generate(bits));

        Assert.That(ex!.Message, Does.Contain("from 1024 to 4096 bits"));
    }

    [Test]
    public void Rejects_a_512_bit_RSA_key_citing_the_minimum()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), new SecureRandom(), 512, 25));
        var pem = Pem("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(generator.GenerateKeyPair().Private).GetDerEncoded());

        var ex = Assert.Throws<DkimKeyException>(() => DkimPrivateKey.FromPem(pem));

        Assert.That(ex!.Message, Does.Contain("512 bits").And.Contain("at least 1024"));
    }

    [Test]
    public void Rejects_an_RSA_key_above_4096_bits()
    {
        var random = new SecureRandom();
        var modulus = new BigInteger(4104, random).SetBit(4103);
        var structure = new RsaPrivateKeyStructure(
            modulus, BigInteger.ValueOf(65537), BigInteger.Two, BigInteger.Three, BigInteger.Five, BigInteger.One, BigInteger.One, BigInteger.One);

        var ex = Assert.Throws<DkimKeyException>(() => DkimPrivateKey.FromPem(Pem("RSA PRIVATE KEY", structure.GetDerEncoded())));

        Assert.That(ex!.Message, Does.Contain("4104 bits").And.Contain("at most 4096"));
    }

    [Test]
    public void Rejects_an_inconsistent_RSA_key()
    {
        var p = _rsa.ExportParameters(true);
        var structure = new RsaPrivateKeyStructure(
            new BigInteger(1, p.Modulus), new BigInteger(1, p.Exponent), new BigInteger(1, p.D),
            new BigInteger(1, p.Q), new BigInteger(1, p.Q), new BigInteger(1, p.DP), new BigInteger(1, p.DQ), new BigInteger(1, p.InverseQ));

        var ex = Assert.Throws<DkimKeyException>(() => DkimPrivateKey.FromPem(Convert.ToBase64String(structure.GetDerEncoded())));

        Assert.That(ex!.Message, Does.Contain("inconsistent"));
    }

    [Test]
    public void Rejects_a_key_whose_private_exponent_was_damaged()
    {
        var p = _rsa.ExportParameters(true);
        var structure = new RsaPrivateKeyStructure(
            new BigInteger(1, p.Modulus), new BigInteger(1, p.Exponent), new BigInteger(1, p.D).Add(BigInteger.Two),
            new BigInteger(1, p.P), new BigInteger(1, p.Q), new BigInteger(1, p.DP), new BigInteger(1, p.DQ), new BigInteger(1, p.InverseQ));

        var ex = Assert.Throws<DkimKeyException>(() => DkimPrivateKey.FromPem(Convert.ToBase64String(structure.GetDerEncoded())));

        Assert.That(ex!.Message, Does.Contain("private exponents do not match"));
    }

    private static IEnumerable<TestCaseData> RejectedKeys()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        yield return Rejected("EC key as PKCS#8", ec.ExportPkcs8PrivateKeyPem(), "EC key", "RSA");
        yield return Rejected("EC key as SEC1", ec.ExportECPrivateKeyPem(), "EC key", "RSA");
        var ed25519 = new Ed25519KeyPairGenerator();
        ed25519.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        yield return Rejected(
            "Ed25519 key", Pem("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(ed25519.GenerateKeyPair().Private).GetDerEncoded()),
            "1.3.101.112", "RSA");
        using var rsa = RSA.Create(1024);
        yield return Rejected(
            "encrypted PKCS#8", rsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000)),
            "encrypted");
        yield return Rejected("public key", rsa.ExportSubjectPublicKeyInfoPem(), "public key");
        yield return Rejected("certificate PEM", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "CERTIFICATE", "PRIVATE KEY");
        yield return Rejected("text that is neither PEM nor base64", "this is not a key!", "neither PEM", "base64");
        yield return Rejected("base64 that is not DER", Convert.ToBase64String("hello, world"u8), "not valid base64 DER");
        yield return Rejected("PEM with a broken body", "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n", "PKCS#8");
        yield return Rejected("PEM without an end line", "-----BEGIN PRIVATE KEY-----\nAAAA\n", "PEM");
        yield return Rejected("empty text", "   \n", "empty");
    }

    [TestCaseSource(nameof(RejectedKeys))]
    public void Rejects_unusable_keys_with_a_clear_message(string text, string[] expectedFragments)
    {
        var ex = Assert.Throws<DkimKeyException>(() => DkimPrivateKey.FromPem(text));

        Assert.That(ex!.Message, Does.Contain(expectedFragments[0]));
        foreach (var fragment in expectedFragments.Skip(1))
        {
            Assert.That(ex.Message, Does.Contain(fragment));
        }
    }

    [Test]
    public void Damaged_DER_only_ever_fails_as_a_DkimKeyException()
    {
        var der = _rsa.ExportPkcs8PrivateKey();
        var random = new Random(20260301);
        var unexpected = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var damaged = i % 4 == 0 ? der[..random.Next(der.Length)] : (byte[])der.Clone();
            if (i % 4 != 0)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
            }

            try
            {
                DkimPrivateKey.FromPem(Convert.ToBase64String(damaged));
            }
            catch (DkimKeyException)
            {
            }
            catch (Exception ex)
            {
                unexpected.Add($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.That(unexpected, Is.Empty);
    }

    private static TestCaseData Rejected(string name, string text, params string[] expectedFragments) =>
        new TestCaseData(text, expectedFragments).SetArgDisplayNames(name);

    private static string Pem(string label, byte[] der) => PemEncoding.WriteString(label, der);
}

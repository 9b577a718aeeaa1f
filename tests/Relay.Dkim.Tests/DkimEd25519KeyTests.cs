using System.Text;
using Relay.Dkim;
using Relay.Testing;

namespace Relay.Dkim.Tests;

/// <summary>Ed25519 keys as OpenSSL makes them and as RFC 8463 publishes them, and an ed25519-sha256 signature that verifiers check.</summary>
public sealed class DkimEd25519KeyTests
{
    private const string OpenSsl = "/usr/bin/openssl";

    [Test]
    public async Task A_key_from_openssl_reads_as_pem_as_seed_and_as_der_and_publishes_the_raw_public_key()
    {
        var openssl = ExternalTool.Require(OpenSsl, "openssl");
        var pem = (await ExternalTool.RunAsync(openssl, ["genpkey", "-algorithm", "ed25519"], null, TimeSpan.FromSeconds(30))).StandardOutput;
        var publicDer = (await ExternalTool.RunAsync(openssl, ["pkey", "-pubout", "-outform", "DER"], Encoding.ASCII.GetBytes(pem), TimeSpan.FromSeconds(30))).StandardOutput;
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(line => line.Length > 0 && !line.StartsWith("-----", StringComparison.Ordinal))));

        var fromPem = DkimEd25519Key.FromText(pem);
        var fromDer = DkimEd25519Key.FromText(Convert.ToBase64String(der));
        var fromSeed = DkimEd25519Key.FromText(Convert.ToBase64String(der[^32..]));

        Assert.Multiple(() =>
        {
            Assert.That(Convert.FromBase64String(fromPem.PublicKeyBase64), Has.Length.EqualTo(32), "RFC 8463: the bare 32-octet key");
            Assert.That(fromDer.PublicKeyBase64, Is.EqualTo(fromPem.PublicKeyBase64));
            Assert.That(fromSeed.PublicKeyBase64, Is.EqualTo(fromPem.PublicKeyBase64));
            Assert.That(fromPem.ToDnsTxtRecord(), Is.EqualTo($"v=DKIM1; k=ed25519; p={fromPem.PublicKeyBase64}"));
            Assert.That(DkimEd25519Key.FromText(fromPem.ToPem()).PublicKeyBase64, Is.EqualTo(fromPem.PublicKeyBase64), "ToPem round-trips");
            Assert.That(publicDer.Length, Is.GreaterThan(0));
        });
    }

    [Test]
    public void An_rsa_key_or_garbage_is_refused_with_a_reason()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(1024);

        var rsaError = Assert.Throws<DkimKeyException>(() => DkimEd25519Key.FromText(rsa.ExportPkcs8PrivateKeyPem()));
        var garbage = Assert.Throws<DkimKeyException>(() => DkimEd25519Key.FromText("%% not base64 %%"));

        Assert.That(rsaError!.Message, Does.Contain("not Ed25519"));
        Assert.That(garbage!.Message, Does.Contain("neither PEM"));
    }

    [Test]
    public async Task A_verifier_without_the_ed25519_key_still_passes_the_rsa_signatures_beside_it()
    {
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.org\r\nSubject: both ways\r\n\r\nHello.\r\n");
        var signed = await TestSigning.SignAsync(message, TestKeys.CustomerEd25519, TestKeys.Customer, TestKeys.Provider);
        var withoutEd25519 = TestKeys.TxtRecords
            .Where(pair => pair.Key != DkimVerifiers.RecordName(TestKeys.CustomerEd25519.Selector, TestKeys.CustomerEd25519.Domain))
            .ToDictionary(pair => pair.Key, pair => pair.Value);

        ExternalTool.RequireModule(DkimVerifiers.PythonPath, ["-c", "import nacl.signing"], "python3-nacl");
        var verdicts = await DkimVerifiers.VerifyWithPythonAsync(signed, withoutEd25519);

        // RFC 6376 6.1 and RFC 8463 1: each signature stands alone; one that cannot be checked costs the others nothing.
        Assert.That(verdicts.Select(v => (v.Selector, v.Result == "pass")), Is.EqualTo(new[]
        {
            ("relay2026e", false),
            ("relay2026", true),
            ("ses1", true),
        }), DkimVerdict.Describe(verdicts));
        Assert.That(Encoding.ASCII.GetString(signed), Does.Contain("a=ed25519-sha256"));
    }
}

using MimeKit.Cryptography;
using Relay.Dkim;

namespace Relay.Dkim.Tests;

/// <summary>Pins the signing policy so that a refactor cannot weaken it quietly.</summary>
[TestFixture]
public sealed class SecureDefaultsTests
{
    [Test]
    public void Signer_is_rsa_sha256_with_relaxed_headers_and_simple_body()
    {
        var signer = new TimeProviderDkimSigner(TestKeys.Provider, TimeProvider.System);

        Assert.Multiple(() =>
        {
            Assert.That(signer.SignatureAlgorithm, Is.EqualTo(DkimSignatureAlgorithm.RsaSha256));
            Assert.That(signer.HeaderCanonicalizationAlgorithm, Is.EqualTo(DkimCanonicalizationAlgorithm.Relaxed));
            Assert.That(signer.BodyCanonicalizationAlgorithm, Is.EqualTo(DkimCanonicalizationAlgorithm.Simple));
            Assert.That(signer.SignaturesExpireAfter, Is.Null);
        });
    }

    [Test]
    public void Keys_under_1024_or_over_4096_bits_are_outside_policy()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DkimPrivateKey.MinimumKeySizeBits, Is.EqualTo(1024));
            Assert.That(DkimPrivateKey.MaximumKeySizeBits, Is.EqualTo(4096));
        });
    }

    [Test]
    public async Task Every_signature_names_rsa_sha256_and_relaxed_simple()
    {
        var output = SignedOutput.Parse(
            await TestSigning.SignAsync(MessageCorpus.All[0].Bytes, TestKeys.Customer, TestKeys.Legacy1024, TestKeys.Provider));

        Assert.That(output.Fields, Has.Count.EqualTo(3));
        Assert.That(output.Fields.Select(SignedOutput.Tags).Select(tags => tags["a"] + " " + tags["c"]), Has.All.EqualTo("rsa-sha256 relaxed/simple"));
    }
}

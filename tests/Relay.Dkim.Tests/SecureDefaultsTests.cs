using Relay.Dkim;

namespace Relay.Dkim.Tests;

/// <summary>Pins the signing policy so that a refactor cannot weaken it quietly.</summary>
[TestFixture]
public sealed class SecureDefaultsTests
{
    [Test]
    public async Task Signatures_are_relaxed_simple_with_a_timestamp_and_no_expiry_or_length_limit()
    {
        var tags = SignedOutput.Tags(SignedOutput.Parse(await TestSigning.SignAsync(MessageCorpus.All[0].Bytes, TestKeys.Provider)).Fields[0]);

        Assert.Multiple(() =>
        {
            Assert.That(tags["v"], Is.EqualTo("1"));
            Assert.That(tags["a"], Is.EqualTo("rsa-sha256"));
            Assert.That(tags["c"], Is.EqualTo("relaxed/simple"));
            Assert.That(tags["t"], Is.EqualTo(TestSigning.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(tags.Keys, Has.None.AnyOf("x", "l", "z", "i"));
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

using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Relay.Testing;

namespace Relay.Dkim.Tests;

/// <summary>
/// Relay's signer against MimeKit's, message by message over the corpus: the same body hash as MimeKit's
/// <see cref="DkimSigner"/>, and every signature accepted by MimeKit's <see cref="DkimVerifier"/>, RSA and Ed25519.
/// (python3-dkim and Mail::DKIM check the same signatures in <see cref="SigningRoundTripTests"/>.)
/// </summary>
public sealed class MimeKitAgreementTests
{
    public static IEnumerable<CorpusMessage> Corpus => MessageCorpus.All;

    [TestCaseSource(nameof(Corpus))]
    public async Task The_body_hash_is_the_one_mimekit_computes(CorpusMessage corpus)
    {
        var ours = SignedOutput.Tags(SignedOutput.Parse(await TestSigning.SignAsync(corpus.Bytes, TestKeys.Customer)).Fields[0]);
        var message = Load(corpus.Bytes);
        var reference = new DkimSigner(((DkimPrivateKey)TestKeys.Customer.Key).Parameters, "example.com", "relay2026", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple,
        };

        reference.Sign(Format(), message, [HeaderId.From]);

        Assert.That(ours["bh"], Is.EqualTo(SignedOutput.Tags("x:" + message.Headers[HeaderId.DkimSignature])["bh"]));
    }

    [TestCaseSource(nameof(Corpus))]
    public async Task Mimekits_verifier_accepts_every_signature(CorpusMessage corpus)
    {
        var signed = Load(await TestSigning.SignAsync(corpus.Bytes, TestKeys.CustomerEd25519, TestKeys.Customer, TestKeys.Legacy1024));
        var verifier = new DkimVerifier(new TxtRecordLocator());
        verifier.Enable(DkimSignatureAlgorithm.Ed25519Sha256);

        var signatures = signed.Headers.Where(header => header.Id == HeaderId.DkimSignature).ToList();

        Assert.That(signatures, Has.Count.EqualTo(3));
        foreach (var signature in signatures)
        {
            Assert.That(await verifier.VerifyAsync(Format(), signed, signature), Is.True, signature.Value);
        }
    }

    [Test]
    public async Task One_key_signing_on_many_threads_at_once_gives_the_same_signature_every_time()
    {
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.org\r\nSubject: parallel\r\n\r\nBody\r\n");
        var expected = await TestSigning.SignAsync(message, TestKeys.Customer);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => TestSigning.SignAsync(message, TestKeys.Customer))));

        Assert.That(results, Has.All.EqualTo(expected));
    }

    private static MimeMessage Load(byte[] bytes) => MimeMessage.Load(new MemoryStream(bytes));

    private static FormatOptions Format()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        return options;
    }

    /// <summary>The test keys' TXT records, as a DNS lookup would return them.</summary>
    private sealed class TxtRecordLocator : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey(TestKeys.TxtRecords[DkimVerifiers.RecordName(selector, domain)]);

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}

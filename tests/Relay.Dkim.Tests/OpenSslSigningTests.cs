using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;

namespace Relay.Dkim.Tests;

/// <summary>
/// Relay signs with OpenSSL's RSA through MimeKit's CreateSigningContext seam. RSASSA-PKCS1-v1_5 is deterministic, so
/// the signature must be bit for bit the one MimeKit makes with its own (BouncyCastle) RSA.
/// </summary>
public sealed class OpenSslSigningTests
{
    private static readonly HeaderId[] Headers = [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date];

    [TestCase(2048)]
    [TestCase(1024)]
    public void The_openssl_signature_equals_the_bouncycastle_signature(int bits)
    {
        var request = bits == 2048 ? TestKeys.Customer : TestKeys.Legacy1024;
        var viaOpenSsl = Load();
        var viaBouncyCastle = Load();

        new TimeProviderDkimSigner(request, new FakeTimeProvider(TestSigning.Now)).Sign(viaOpenSsl, Headers);
        new BouncyCastleReference(request).Sign(viaBouncyCastle, Headers);

        var ours = viaOpenSsl.Headers[HeaderId.DkimSignature];
        Assert.That(ours, Does.Contain("b="));
        Assert.That(ours, Is.EqualTo(viaBouncyCastle.Headers[HeaderId.DkimSignature]));
    }

    [Test]
    public async Task One_key_signing_on_many_threads_at_once_gives_the_same_signature_every_time()
    {
        var message = Encoding.ASCII.GetBytes("From: a@example.com\r\nTo: b@example.org\r\nSubject: parallel\r\n\r\nBody\r\n");
        var expected = await TestSigning.SignAsync(message, TestKeys.Customer);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => TestSigning.SignAsync(message, TestKeys.Customer))));

        Assert.That(results, Has.All.EqualTo(expected));
    }

    private static MimeMessage Load() => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
        "From: a@example.com\r\nTo: b@example.org\r\nSubject: same bytes\r\nDate: Sun, 01 Mar 2026 12:00:00 +0000\r\n\r\nBody line\r\n")));

    /// <summary>MimeKit's signer as shipped (BouncyCastle RSA), at the same fixed time.</summary>
    private sealed class BouncyCastleReference : DkimSigner
    {
        public BouncyCastleReference(DkimSignatureRequest request)
            : base(((DkimPrivateKey)request.Key).Parameters, request.Domain, request.Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Simple;
        }

        protected override long GetTimestamp() => TestSigning.Now.ToUnixTimeSeconds();
    }
}

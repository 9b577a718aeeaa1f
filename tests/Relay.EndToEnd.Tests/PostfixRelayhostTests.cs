using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Postfix as an application server's MTA with Relay as its relayhost (SASL over mandatory STARTTLS), the
/// sink as Relay's next hop. The message is submitted with Postfix's sendmail, as an application would.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PostfixRelayhostTests
{
    private const string Account = "app-server";
    private const string Password = "postfix relay secret";
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    // LF line ends, as an application hands a message to sendmail; the lone "." and ".x" lines test dot-stuffing.
    private const string Message =
        "From: Shop News <news@example.com>\n" +
        "To: a@dest.test, b@dest.test\n" +
        "Subject: Your order has shipped\n" +
        "Date: Tue, 3 Mar 2026 09:00:00 +0000\n" +
        "Message-ID: <postfix-relayhost-1@example.com>\n" +
        "MIME-Version: 1.0\n" +
        "Content-Type: text/plain; charset=utf-8\n" +
        "Content-Transfer-Encoding: 8bit\n" +
        "\n" +
        "Your order has shipped.\n" +
        ".a line starting with a dot\n" +
        ".\n" +
        "Grüße aus Köln\n";

    private RelayUnderTest _relay = null!;

    [SetUp]
    public async Task StartAsync()
    {
        PostfixInstance.RequirePeers();
        _relay = await RelayUnderTest.StartWithSinkAsync(Account, Password);
        await _relay.AddDomainAsync(Account, "example.com");
    }

    [TearDown]
    public async Task StopAsync()
    {
        // Null when set-up stopped early (a missing peer, a failed start); that is reported there.
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }

    [Test]
    public async Task Mail_submitted_to_Postfix_reaches_the_next_hop_through_Relay_with_both_signatures_valid()
    {
        await using var postfix = await PostfixInstance.StartAsync(_relay.SubmissionEndPoint, Account, Password, RelayCertificateFingerprint());

        await postfix.SubmitAsync(Encoding.UTF8.GetBytes(Message), "news@example.com", "a@dest.test", "b@dest.test");
        var delivered = await WaitForDeliveryAsync(postfix);

        // Relay answers Postfix only after the sink accepted, so Postfix logs the success a moment after the sink has it.
        var sent = await WaitForLogLineAsync(postfix, "status=sent");
        var log = postfix.LogTail();
        Assert.That(sent, Does.Contain($"relay={_relay.SubmissionEndPoint.Address}[{_relay.SubmissionEndPoint.Address}]:{_relay.SubmissionEndPoint.Port}"), log);
        Assert.That(_relay.Sink.Delivered, Has.Count.EqualTo(1), log);
        Assert.That(delivered.ReversePath, Is.EqualTo("news@example.com"), log);
        Assert.That(delivered.Recipients, Is.EquivalentTo(new[] { "a@dest.test", "b@dest.test" }), log);
        Assert.That(delivered.MailParameters, Does.Contain("BODY=8BITMIME"), log);

        Assert.That(log, Does.Contain($"TLS connection established to {_relay.SubmissionEndPoint.Address}"), "Postfix used TLS");
        var signed = SignedMessage.Split(delivered.Data);
        // Relay's own trace field: the session was TLS and authenticated (RFC 3848 ESMTPSA).
        Assert.That(signed.TraceFields, Has.Count.EqualTo(1).And.Some.Contains(" with ESMTPSA id "), log);
        var rest = Encoding.UTF8.GetString(signed.Rest);
        // Postfix adds its Received field on top and turns LF into CRLF; the message itself is unchanged.
        Assert.That(rest, Does.StartWith("Received: ").And.EndWith(Message.Replace("\n", "\r\n", StringComparison.Ordinal)), log);
        var verdicts = await VerifierVerdicts.ForAsync(delivered.Data, _relay.TxtRecords);
        verdicts.AssertSignedAndPassing(["example.com", RelayUnderTest.ProviderDomain], log);
    }

    [Test]
    public async Task With_a_wrong_SASL_password_Postfix_defers_on_535_and_nothing_reaches_the_next_hop()
    {
        await using var postfix = await PostfixInstance.StartAsync(_relay.SubmissionEndPoint, Account, "not the password", RelayCertificateFingerprint());

        await postfix.SubmitAsync(Encoding.UTF8.GetBytes(Message), "news@example.com", "a@dest.test");
        var deferral = await WaitForLogLineAsync(postfix, "status=deferred");

        Assert.That(deferral, Does.Contain("SASL authentication failed").And.Contain("535 5.7.8"), postfix.LogTail());
        Assert.That(_relay.Sink.Sessions, Is.Empty, "Relay must not contact the next hop");
    }

    [Test]
    public async Task With_another_certificate_pinned_Postfix_defers_before_AUTH_and_sends_no_password()
    {
        var wrong = string.Join(':', Enumerable.Repeat("AB", 32));
        await using var postfix = await PostfixInstance.StartAsync(_relay.SubmissionEndPoint, Account, Password, wrong);

        await postfix.SubmitAsync(Encoding.UTF8.GetBytes(Message), "news@example.com", "a@dest.test");
        var deferral = await WaitForLogLineAsync(postfix, "status=deferred");

        Assert.That(deferral, Does.Contain("Server certificate not verified"), postfix.LogTail());
        Assert.That(_relay.Sink.Sessions, Is.Empty, "nothing may be relayed");
    }

    /// <summary>What the README tells an operator to pin: the SHA-256 fingerprint of the certificate Relay generated.</summary>
    private string RelayCertificateFingerprint()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            Path.Combine(_relay.DataDirectory, "tls", "smtp-selfsigned.pfx"), password: null);
        var hash = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return string.Join(':', hash.Select(octet => octet.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private async Task<SmtpSinkTransaction> WaitForDeliveryAsync(PostfixInstance postfix)
    {
        var started = TimeProvider.System.GetTimestamp();
        var lastFlush = started;
        while (TimeProvider.System.GetElapsedTime(started) < DeliveryDeadline)
        {
            var delivered = _relay.Sink.Delivered;
            if (delivered.Count > 0)
            {
                return delivered[0];
            }

            if (TimeProvider.System.GetElapsedTime(lastFlush) >= FlushInterval)
            {
                await postfix.FlushAsync();
                lastFlush = TimeProvider.System.GetTimestamp();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"nothing reached the sink within {DeliveryDeadline.TotalSeconds} s.{Environment.NewLine}{postfix.LogTail()}");
    }

    private static async Task<string> WaitForLogLineAsync(PostfixInstance postfix, string marker)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < DeliveryDeadline)
        {
            var line = postfix.LogLines().FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Postfix never logged \"{marker}\" within {DeliveryDeadline.TotalSeconds} s.{Environment.NewLine}{postfix.LogTail()}");
    }
}

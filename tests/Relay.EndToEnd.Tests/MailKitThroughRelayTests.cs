using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Core.Identities;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>MailKit as the client, Relay in the middle, an independent sink as the next hop; verdicts from python3-dkim and Mail::DKIM.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class MailKitThroughRelayTests
{
    private const string Password = "correct horse battery";

    private RelayUnderTest _relay = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _relay = await RelayUnderTest.StartWithSinkAsync("shop", Password);
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
    public async Task A_message_from_a_dkim_success_domain_arrives_with_both_signatures_valid()
    {
        await _relay.AddDomainAsync("shop", "example.com");

        var reply = await SendAsync(Raw("From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: hello\r\n\r\nHi there\r\n"));

        Assert.That(reply, Does.StartWith("2.0.0 Ok "));
        var delivered = _relay.Sink.Delivered.Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
        await AssertSignaturesAsync(delivered.Data, "example.com", RelayUnderTest.ProviderDomain);
    }

    [Test]
    public async Task A_domain_whose_dkim_failed_still_sends_with_the_provider_signature_only()
    {
        await _relay.AddDomainAsync("shop", "example.com", dkimStatus: VerificationStatus.Failed);

        await SendAsync(Raw("From: news@example.com\r\nTo: someone@dest.test\r\nSubject: failed dkim\r\n\r\nbody\r\n"));

        await AssertSignaturesAsync(_relay.Sink.Delivered.Single().Data, RelayUnderTest.ProviderDomain);
    }

    [Test]
    public async Task An_unverified_from_address_is_refused_with_554_and_nothing_reaches_the_next_hop()
    {
        await _relay.AddDomainAsync("shop", "example.com");

        var error = Assert.ThrowsAsync<SmtpCommandException>(async () =>
            await SendAsync(Raw("From: someone@elsewhere.test\r\nTo: x@dest.test\r\nSubject: spoof\r\n\r\nbody\r\n")));

        Assert.That((int)error!.StatusCode, Is.EqualTo(554));
        Assert.That(error.Message, Is.EqualTo(
            "5.7.1 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: someone@elsewhere.test"));
        Assert.That(_relay.Sink.Transactions, Is.Empty);
    }

    private static MimeMessage Raw(string text) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private async Task<string> SendAsync(MimeMessage message)
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(_relay.SubmissionEndPoint.Address.ToString(), _relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("shop", Password);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return reply;
    }

    private async Task AssertSignaturesAsync(byte[] received, params string[] expectedDomains)
    {
        var python = await DkimVerifiers.VerifyWithPythonAsync(received, _relay.TxtRecords);
        var perl = await DkimVerifiers.VerifyWithPerlAsync(received, _relay.TxtRecords);

        Assert.That(python.Select(v => v.Domain), Is.EqualTo(expectedDomains), DkimVerdict.Describe(python));
        Assert.That(python.All(v => v.Passed), Is.True, "python3-dkim: " + DkimVerdict.Describe(python));
        Assert.That(perl.Select(v => v.Domain), Is.EqualTo(expectedDomains), DkimVerdict.Describe(perl));
        Assert.That(perl.All(v => v.Passed), Is.True, "Mail::DKIM: " + DkimVerdict.Describe(perl));
    }
}

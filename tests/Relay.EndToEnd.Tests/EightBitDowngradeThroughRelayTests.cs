using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>An 8-bit message through Relay to a next hop without 8BITMIME: made 7-bit before signing, so both signatures hold.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class EightBitDowngradeThroughRelayTests
{
    private const string Password = "correct horse battery";
    private const string Text = "Grüße aus Köln – ça va? 日本語\r\nzweite Zeile\r\n";

    private RelayUnderTest _relay = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _relay = await RelayUnderTest.StartWithSinkAsync("shop", Password, new SmtpSinkOptions { EightBitMime = false });
        await _relay.AddDomainAsync("shop", "example.com");
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
    public async Task A_utf8_8bit_message_arrives_7bit_without_body_8bitmime_with_both_signatures_valid_and_the_same_text()
    {
        var message = Raw("From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: greetings\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + Text);

        var reply = await SendAsync(message, new FormatOptions());

        Assert.That(reply, Does.StartWith("2.0.0 Ok "));
        Assert.That(MailKitSubmission.Transmitted(message).Any(b => b >= 0x80), Is.True, "MailKit must hand Relay 8-bit content");
        var delivered = _relay.Sink.Delivered.Single();
        Assert.That(delivered.Data.Where(b => b >= 0x80), Is.Empty, "8-bit octets reached the next hop");
        Assert.That(delivered.MailParameters, Has.None.StartsWith("BODY="));
        Assert.That(Encoding.ASCII.GetString(delivered.Data), Does.Contain("Content-Transfer-Encoding: quoted-printable\r\n"));
        var python = await DkimVerifiers.VerifyWithPythonAsync(delivered.Data, _relay.TxtRecords);
        var perl = await DkimVerifiers.VerifyWithPerlAsync(delivered.Data, _relay.TxtRecords);
        string[] expected = ["example.com", RelayUnderTest.ProviderDomain];
        Assert.That(python.Select(v => v.Domain), Is.EqualTo(expected), DkimVerdict.Describe(python));
        Assert.That(python.All(v => v.Passed), Is.True, "python3-dkim: " + DkimVerdict.Describe(python));
        Assert.That(perl.Select(v => v.Domain), Is.EqualTo(expected), DkimVerdict.Describe(perl));
        Assert.That(perl.All(v => v.Passed), Is.True, "Mail::DKIM: " + DkimVerdict.Describe(perl));
        var body = (TextPart)MimeMessage.Load(new MemoryStream(delivered.Data)).Body!;
        Assert.That(body.Text.ReplaceLineEndings("\r\n"), Is.EqualTo(Text));
    }

    [Test]
    public async Task An_internationalized_header_is_refused_with_550_5_6_7_and_nothing_reaches_the_next_hop()
    {
        var message = Raw("From: news@example.com\r\nTo: someone@dest.test\r\nSubject: Grüße\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + Text);

        var error = Assert.ThrowsAsync<SmtpCommandException>(async () => await SendAsync(message, new FormatOptions { International = true }));

        Assert.That((int)error!.StatusCode, Is.EqualTo(550));
        Assert.That(error.Message, Does.Contain("cannot be converted to 7-bit"));
        Assert.That(_relay.Sink.Transactions, Is.Empty);
    }

    private static MimeMessage Raw(string text) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private async Task<string> SendAsync(MimeMessage message, FormatOptions format)
    {
        using var client = new SmtpClient();
        // Relay's certificate is self-signed and generated into its data folder.
        client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        await client.ConnectAsync(_relay.SubmissionEndPoint.Address.ToString(), _relay.SubmissionEndPoint.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("shop", Password);
        var reply = await client.SendAsync(format, message);
        await client.DisconnectAsync(quit: true);
        return reply;
    }
}

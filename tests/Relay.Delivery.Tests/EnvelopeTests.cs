using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>MAIL FROM and RCPT TO at the next hop are the envelope that was received.</summary>
public sealed class EnvelopeTests
{
    private const string Plain = MessageCorpus.Signature + "Subject: envelope\r\n\r\nbody\r\n";

    [Test]
    public async Task Null_sender_is_forwarded_as_empty_reverse_path()
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { ReversePath = string.Empty });

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Delivered.Single().MailFromLine, Does.StartWith("MAIL FROM:<>"));
    }

    [Test]
    public async Task Every_recipient_is_sent_in_the_order_received()
    {
        await using var sink = SmtpSink.Start();
        string[] recipients = ["zed@example.net", "amy@example.org", "mid@example.com", "\"john doe\"@example.net"];

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { Recipients = recipients });

        Assert.That(result.Succeeded, Is.True, result.ToString());
        var delivered = sink.Delivered.Single();
        Assert.That(delivered.Recipients, Is.EqualTo(recipients));
        Assert.That(delivered.RcptToLines, Is.EqualTo(recipients.Select(r => $"RCPT TO:<{r}>")));
    }

    [Test]
    public async Task Recipients_repeated_up_to_case_are_sent_once()
    {
        await using var sink = SmtpSink.Start();
        string[] recipients = ["a@example.net", "A@EXAMPLE.NET", "b@example.net"];

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { Recipients = recipients });

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Delivered.Single().Recipients, Is.EqualTo(new[] { "a@example.net", "b@example.net" }));
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public async Task BODY_and_SMTPUTF8_parameters_are_present_exactly_when_received(bool eightBitMime, bool smtpUtf8)
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain, eightBitMime, smtpUtf8));

        Assert.That(result.Succeeded, Is.True, result.ToString());
        var parameters = sink.Delivered.Single().MailParameters;
        Assert.That(parameters.Contains("BODY=8BITMIME"), Is.EqualTo(eightBitMime), string.Join(' ', parameters));
        Assert.That(parameters.Contains("SMTPUTF8"), Is.EqualTo(smtpUtf8), string.Join(' ', parameters));
        Assert.That(parameters, Has.Count.EqualTo((eightBitMime ? 1 : 0) + (smtpUtf8 ? 1 : 0)), string.Join(' ', parameters));
    }

    [Test]
    public async Task UTF8_mailboxes_are_sent_unchanged_with_SMTPUTF8()
    {
        await using var sink = SmtpSink.Start();
        var message = ForwarderKit.Message(Plain, eightBitMime: true, smtpUtf8: true) with
        {
            ReversePath = "jörg@exämple.de",
            Recipients = ["用户@例子.广告", "ascii@example.net"],
        };

        var result = await ForwarderKit.ForwardAsync(sink, message);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        var delivered = sink.Delivered.Single();
        Assert.That(delivered.MailFromLine, Is.EqualTo("MAIL FROM:<jörg@exämple.de> SMTPUTF8 BODY=8BITMIME"));
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "用户@例子.广告", "ascii@example.net" }));
    }

    [Test]
    public async Task SIZE_announces_the_octets_that_are_sent()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { MaxSize = 1_000_000 });
        var message = ForwarderKit.Message(Plain);

        var result = await ForwarderKit.ForwardAsync(sink, message);

        Assert.That(result.Succeeded, Is.True, result.ToString());
        Assert.That(sink.Delivered.Single().MailParameters, Is.EqualTo(new[] { $"SIZE={message.Content.Length}" }));
    }

    [TestCase("")]
    [TestCase("user@example.com")]
    [TestCase("First.Last+tag@Sub.Example.COM")]
    [TestCase("\"john doe\"@example.com")]
    [TestCase("user@[192.0.2.1]")]
    [TestCase("postmaster")]
    public void Addresses_MailKit_writes_unchanged_are_accepted(string address)
    {
        var (envelope, rejection) = Envelope.Create(ForwarderKit.Message(Plain) with { ReversePath = address, Recipients = [address] });

        Assert.That(rejection, Is.Null, rejection?.ToString());
        Assert.That(envelope!.Sender.Address, Is.EqualTo(address));
        Assert.That(envelope.Recipients.Single().GetAddress(idnEncode: true), Is.EqualTo(address));
    }

    [TestCase("a@b@example.com")]
    [TestCase("user@example.com>")]
    [TestCase("user@exa\r\nmple.com")]
    [TestCase("\"unterminated@example.com")]
    public async Task A_recipient_that_cannot_be_written_unchanged_fails_permanently_before_connecting(string address)
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { Recipients = ["ok@example.net", address] });

        Assert.That(result, Is.EqualTo(new ForwardResult(
            ForwardOutcome.PermanentFailure, 553, "5.1.3", $"Recipient address <{address}> cannot be relayed unchanged", address)));
        Assert.That(sink.Sessions, Is.Empty);
    }

    [Test]
    public async Task A_non_ASCII_address_received_without_SMTPUTF8_fails_permanently()
    {
        await using var sink = SmtpSink.Start();

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain) with { Recipients = ["jörg@example.de"] });

        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.PermanentFailure));
        Assert.That((result.ReplyCode, result.EnhancedStatusCode, result.Mailbox), Is.EqualTo((553, "5.6.7", "jörg@example.de")));
        Assert.That(sink.Sessions, Is.Empty);
    }
}

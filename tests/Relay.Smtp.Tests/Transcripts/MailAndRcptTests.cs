using System.Text;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class MailAndRcptTests
{
    [Test]
    public async Task Null_sender_is_an_empty_reverse_path()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendMessageAsync("bounce\r\n.\r\n", from: "", to: "r@example.com");

        Assert.That(server.Handler.Messages.Single().Envelope.ReversePath, Is.Empty);
        Assert.That(server.Policy.Senders, Is.EqualTo(new[] { string.Empty }));
    }

    [Test]
    public async Task Addresses_reach_the_policy_and_handler_exactly_as_given()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<\"Odd Sender\"@Example.COM>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<First@Example.NET>", 250, "2.1.5");
        await client.ExpectAsync("RCPT TO:<@hop.example:second@[192.0.2.7]>", 250, "2.1.5");
        await client.ExpectAsync("RCPT TO:<Postmaster>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("x\r\n.\r\n");
        await client.ReadReplyAsync();

        var envelope = server.Handler.Messages.Single().Envelope;
        Assert.That(envelope.ReversePath, Is.EqualTo("\"Odd Sender\"@Example.COM"));
        Assert.That(envelope.Recipients, Is.EqualTo(new[] { "First@Example.NET", "second@[192.0.2.7]", "Postmaster" }));
        Assert.That(server.Policy.Recipients, Is.EqualTo(envelope.Recipients));
    }

    [Test]
    public async Task A_space_after_the_colon_is_tolerated()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM: <a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO: <b@example.com>", 250, "2.1.5");
    }

    [TestCase("MAIL <a@example.com>", 501, "5.5.2")]
    [TestCase("MAIL FROM a@example.com", 501, "5.5.2")]
    [TestCase("MAIL FROM:a@example.com", 501, "5.5.2")]
    [TestCase("MAIL FROM:", 501, "5.5.2")]
    [TestCase("MAIL FROM:<a@@example.com>", 553, "5.1.7")]
    [TestCase("MAIL FROM:<a example.com>", 553, "5.1.7")]
    [TestCase("MAIL FROM:<a@example.com", 553, "5.1.7")]
    [TestCase("MAIL FROM:<a@example.com>SIZE=1", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> SIZE=", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> SIZE=12x", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> SIZE", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> SMTPUTF8=yes", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> BODY", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> SIZE=1 SIZE=2", 501, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> RET=HDRS", 555, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> ENVID=x", 555, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> BODY=BINARYMIME", 555, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> BODY=9BIT", 555, "5.5.4")]
    [TestCase("MAIL FROM:<a@example.com> SIZE=41943041", 552, "5.3.4")]
    [TestCase("MAIL FROM:<a@example.com> SIZE=99999999999999999999", 552, "5.3.4")]
    [TestCase("MAIL FROM:<jöhn@example.com>", 553, "5.6.7")]
    public async Task Bad_mail_commands_get_the_right_reply_and_start_no_transaction(string command, int code, string enhancedCode)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync(command, code, enhancedCode);

        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
        Assert.That(server.Policy.Senders, Is.Empty);
    }

    [TestCase("RCPT TO <b@example.com>", 501, "5.5.2")]
    [TestCase("RCPT FROM:<b@example.com>", 501, "5.5.2")]
    [TestCase("RCPT TO:b@example.com", 501, "5.5.2")]
    [TestCase("RCPT TO:<>", 553, "5.1.3")]
    [TestCase("RCPT TO:<b>", 553, "5.1.3")]
    [TestCase("RCPT TO:<b@exa_mple.com>", 553, "5.1.3")]
    [TestCase("RCPT TO:<b@example.com> NOTIFY=NEVER", 555, "5.5.4")]
    [TestCase("RCPT TO:<b@example.com> ==", 501, "5.5.4")]
    [TestCase("RCPT TO:<bé@example.com>", 553, "5.6.7")]
    public async Task Bad_rcpt_commands_get_the_right_reply_and_keep_the_transaction(string command, int code, string enhancedCode)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");

        await client.ExpectAsync(command, code, enhancedCode);

        await client.ExpectAsync("RCPT TO:<good@example.com>", 250, "2.1.5");
        Assert.That(server.Policy.Recipients, Is.EqualTo(new[] { "good@example.com" }));
    }

    [Test]
    public async Task Size_and_body_reach_the_envelope()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com> SIZE=1234 BODY=8BITMIME AUTH=<>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("x\r\n.\r\n");
        await client.ReadReplyAsync();

        var envelope = server.Handler.Messages.Single().Envelope;
        Assert.That((envelope.DeclaredSize, envelope.BodyType, envelope.SmtpUtf8), Is.EqualTo(((long?)1234, SmtpBodyType.EightBitMime, false)));
    }

    [Test]
    public async Task Smtputf8_allows_utf8_addresses_and_content()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<jöhn@bücher.example> SMTPUTF8 BODY=8BITMIME", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<用户@例子.广告>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("Subject: héllo\r\n\r\nüñí\r\n.\r\n");
        var reply = await client.ReadReplyAsync();

        Assert.That(reply.Code, Is.EqualTo(250));
        var message = server.Handler.Messages.Single();
        Assert.That(message.Envelope.SmtpUtf8, Is.True);
        Assert.That(message.Envelope.ReversePath, Is.EqualTo("jöhn@bücher.example"));
        Assert.That(message.Envelope.Recipients, Is.EqualTo(new[] { "用户@例子.广告" }));
        Assert.That(message.Content, Is.EqualTo(Encoding.UTF8.GetBytes("Subject: héllo\r\n\r\nüñí\r\n")));
    }

    [Test]
    public async Task Policy_refusals_are_passed_through_and_the_transaction_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Policy.Refusals["spam@example.com"] = new SmtpReply(550, "5.7.1", "Sender refused by policy");
        server.Policy.Refusals["later@example.com"] = new SmtpReply(450, "4.2.1", "Try later");
        await using var client = await server.ConnectAndGreetAsync();

        var refused = await client.ExpectAsync("MAIL FROM:<spam@example.com>", 550, "5.7.1");
        Assert.That(refused.Text, Is.EqualTo("5.7.1 Sender refused by policy"));
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<later@example.com>", 450, "4.2.1");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
    }

    [Test]
    public async Task A_positive_policy_reply_is_sent_as_the_acceptance()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Policy.Refusals["vip@example.com"] = new SmtpReply(250, "2.1.0", "Welcome back");
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.ExpectAsync("MAIL FROM:<vip@example.com>", 250, "2.1.0");

        Assert.That(reply.Text, Is.EqualTo("2.1.0 Welcome back"));
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
    }

    [Test]
    public async Task A_failing_policy_is_451_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Policy.ThrowOnCheck = true;
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 451, "4.3.0");
        server.Policy.ThrowOnCheck = false;
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1040));
    }

    [Test]
    public async Task Require_authentication_policy_refuses_mail_with_530_until_auth()
    {
        await using var server = await SmtpTestServer.StartAsync(policy: new RequireAuthenticationPolicy());
        await using var client = await server.ConnectAndGreetAsync();
        await client.StartTlsAsync();
        await client.EhloAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 530, "5.7.0");
        await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 235, "2.7.0");
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
    }
}

using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class SequenceTests
{
    [TestCase("MAIL FROM:<a@example.com>")]
    [TestCase("RCPT TO:<b@example.com>")]
    [TestCase("DATA")]
    [TestCase("AUTH PLAIN")]
    [TestCase("STARTTLS")]
    public async Task Transaction_commands_before_ehlo_are_503(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.ExpectAsync(command, 503, "5.5.1");

        Assert.That(reply.Text, Does.Contain("EHLO"));
    }

    [Test]
    public async Task Rcpt_before_mail_is_503()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
        Assert.That(server.Policy.Recipients, Is.Empty, "the policy is not asked out of sequence");
    }

    [Test]
    public async Task Data_before_mail_is_503()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("DATA", 503, "5.5.1");
    }

    [Test]
    public async Task Data_without_an_accepted_recipient_is_554_no_valid_recipients()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Policy.Refusals["nobody@example.com"] = SmtpReply.MailboxUnavailable;
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<nobody@example.com>", 550, "5.1.1");
        var reply = await client.ExpectAsync("DATA", 554, "5.5.1");

        Assert.That(reply.Text, Is.EqualTo("5.5.1 No valid recipients"));
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Nested_mail_is_503_and_the_first_sender_stands()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<first@example.com>", 250, "2.1.0");
        await client.ExpectAsync("MAIL FROM:<second@example.com>", 503, "5.5.1");
        await client.ExpectAsync("RCPT TO:<r@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("x\r\n.\r\n");
        await client.ReadReplyAsync();

        Assert.That(server.Handler.Messages.Single().Envelope.ReversePath, Is.EqualTo("first@example.com"));
    }

    [Test]
    public async Task Rset_clears_the_transaction()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<old@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<old-rcpt@example.com>", 250, "2.1.5");
        await client.ExpectAsync("RSET", 250, "2.0.0");
        await client.ExpectAsync("RCPT TO:<r@example.com>", 503, "5.5.1");
        await client.ExpectAsync("DATA", 503, "5.5.1");
        var reply = await client.SendMessageAsync("new\r\n.\r\n", "new@example.com", "new-rcpt@example.com");

        Assert.That(reply.Code, Is.EqualTo(250));
        var envelope = server.Handler.Messages.Single().Envelope;
        Assert.That((envelope.ReversePath, envelope.Recipients.Single()), Is.EqualTo(("new@example.com", "new-rcpt@example.com")));
    }

    [Test]
    public async Task Rset_with_an_argument_is_501()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("RSET now", 501, "5.5.4");
    }

    [Test]
    public async Task Ehlo_in_a_transaction_resets_it()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.EhloAsync();

        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
    }

    [Test]
    public async Task Auth_and_starttls_are_refused_inside_a_transaction()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.AllowPlaintextAuthOnLoopback = true);
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 503, "5.5.1");
        await client.ExpectAsync("STARTTLS", 503, "5.5.1");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
    }

    [Test]
    public async Task Quit_in_a_transaction_closes_without_delivering()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("QUIT", 221, "2.0.0");

        Assert.That(await client.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Handler.Messages, Is.Empty);
    }

    [Test]
    public async Task Unknown_commands_are_500_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("XYZZY", 500, "5.5.2");
        await client.ExpectAsync("ETRN example.com", 500, "5.5.2");
        await client.ExpectAsync("", 500, "5.5.2");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Data_with_an_argument_is_501_and_keeps_the_transaction()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");

        await client.ExpectAsync("DATA now", 501, "5.5.4");

        await client.ExpectAsync("DATA", 354, string.Empty);
    }

    [Test]
    public async Task Several_transactions_share_one_session()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        for (var i = 0; i < 3; i++)
        {
            var reply = await client.SendMessageAsync($"message {i}\r\n.\r\n", $"s{i}@example.com", $"r{i}@example.com");
            Assert.That(reply.Code, Is.EqualTo(250));
        }

        Assert.That(server.Handler.Messages.Select(m => m.Envelope.ReversePath), Is.EqualTo(new[] { "s0@example.com", "s1@example.com", "s2@example.com" }));
    }
}

using System.Text;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>
/// SMTP smuggling: a second message hidden behind a terminator that some servers accept and others do not.
/// The server must read to the real CRLF.CRLF, refuse the message, pass none of it on, and stay in step.
/// </summary>
public sealed class SmugglingTests
{
    private const string Smuggled = "MAIL FROM:<admin@example.com>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\nFrom: admin@example.com\r\n\r\nsmuggled\r\n";

    [TestCase("\n.\n")]
    [TestCase("\r.\r")]
    [TestCase("\n.\r\n")]
    [TestCase("\r\n.\n")]
    [TestCase("\r\n.\r")]
    [TestCase("\r.\r\n")]
    public async Task Smuggled_terminators_do_not_end_data_and_the_message_is_refused(string fakeTerminator)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);

        await client.SendAsync("Subject: first\r\n\r\nhello" + fakeTerminator + Smuggled + ".\r\n");
        var reply = await client.ReadReplyAsync();

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(server.Handler.Messages, Is.Empty, "nothing of a refused message reaches the handler");
        Assert.That(server.Policy.Senders, Is.EqualTo(new[] { "a@example.com" }), "the smuggled MAIL never ran");
        await AssertSessionStillWorksAsync(server, client);
    }

    [Test]
    public async Task A_nul_before_a_dot_line_does_not_split_data_and_the_message_is_refused()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);

        // A next hop that drops NUL would see "\r\n.\r\n" here and take what follows as a second message.
        await client.SendAsync("Subject: first\r\n\r\nhello\r\n\0.\r\n" + Smuggled + ".\r\n");
        var reply = await client.ReadReplyAsync();

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(reply.Text, Does.Contain("NUL"));
        Assert.That(server.Handler.Messages, Is.Empty, "nothing of a refused message reaches the handler");
        Assert.That(server.Policy.Senders, Is.EqualTo(new[] { "a@example.com" }), "the smuggled MAIL never ran");
        await AssertSessionStillWorksAsync(server, client);
    }

    [TestCase("\0Subject: nul first\r\n\r\nbody\r\n")]
    [TestCase("Subject: nul in a header\0\r\n\r\nbody\r\n")]
    [TestCase("Subject: s\r\n\r\n.\0 after a stuffed dot\r\n")]
    [TestCase("Subject: s\r\n\r\nbody ends in nul\0\r\n")]
    public async Task A_nul_anywhere_in_data_is_refused_after_the_terminator(string body)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync(body + ".\r\n");

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(server.Handler.Messages, Is.Empty);
        await AssertSessionStillWorksAsync(server, client);
    }

    [TestCase("bare\nline feed\r\n")]
    [TestCase("bare\rcarriage return\r\n")]
    [TestCase("ends in cr\r")]
    public async Task Bare_line_endings_anywhere_are_refused(string body)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync(body + "\r\n.\r\n");

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(reply.Text, Does.Contain("bare CR or LF"));
        Assert.That(server.Handler.Messages, Is.Empty);
        await AssertSessionStillWorksAsync(server, client);
    }

    [Test]
    public async Task Normalize_policy_turns_bare_lf_into_crlf_for_the_handler()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.BareLineEndings = BareLineEndingPolicy.Normalize);
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync("Subject: lf\n\nline one\nline two\r\n.\r\n");

        Assert.That(reply.Code, Is.EqualTo(250));
        Assert.That(Encoding.ASCII.GetString(server.Handler.Messages.Single().Content), Is.EqualTo("Subject: lf\r\n\r\nline one\r\nline two\r\n"));
    }

    [Test]
    public async Task Normalize_policy_still_ends_data_only_on_crlf_dot_crlf()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.BareLineEndings = BareLineEndingPolicy.Normalize);
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync("hello\n.\n" + Smuggled + ".\r\n");

        Assert.That(reply.Code, Is.EqualTo(250));
        var message = server.Handler.Messages.Single();
        Assert.That(Encoding.ASCII.GetString(message.Content), Does.StartWith("hello\r\n\r\nMAIL FROM:<admin@example.com>\r\n"), "the would-be second message is content of the first");
        Assert.That(server.Policy.Senders, Is.EqualTo(new[] { "sender@example.com" }));
    }

    [Test]
    public async Task Normalize_policy_still_refuses_bare_cr()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.BareLineEndings = BareLineEndingPolicy.Normalize);
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync("hello\r.\r" + Smuggled + ".\r\n");

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(server.Handler.Messages, Is.Empty);
    }

    [Test]
    public async Task A_command_ending_in_bare_lf_is_refused()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("MAIL FROM:<a@example.com>\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 500, "5.5.2");

        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
    }

    [Test]
    public async Task A_command_with_a_bare_cr_inside_is_refused()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("NOOP\rMAIL FROM:<a@example.com>\r\n");

        Transcript.AssertReply(await client.ReadReplyAsync(), 500, "5.5.2");
        Assert.That(server.Policy.Senders, Is.Empty);
    }

    [Test]
    public async Task Normalize_policy_accepts_commands_ending_in_bare_lf()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.BareLineEndings = BareLineEndingPolicy.Normalize);
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("MAIL FROM:<a@example.com>\n");

        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.1.0");
    }

    private static async Task AssertSessionStillWorksAsync(SmtpTestServer server, SmtpTestClient client)
    {
        var reply = await client.SendMessageAsync("clean\r\n.\r\n", "after@example.com", "rcpt@example.net");
        Assert.That(reply.Code, Is.EqualTo(250), "the session is still in step");
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo("clean\r\n"u8.ToArray()));
    }
}

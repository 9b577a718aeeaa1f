using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class BasicCommandTests
{
    [Test]
    public async Task Greeting_is_220_ESMTP_without_an_enhanced_code()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server.EndPoint);

        var greeting = await client.ReadReplyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(greeting.Code, Is.EqualTo(220));
            Assert.That(greeting.Text, Is.EqualTo("mx.test.example ESMTP ready"));
            Assert.That(greeting.EnhancedCode, Is.Empty, "RFC 2034: no enhanced code in the greeting");
        });
    }

    [Test]
    public async Task Ehlo_advertises_the_extensions_without_tls_or_auth_when_there_is_no_certificate()
    {
        await using var server = await SmtpTestServer.StartAsync(withCertificate: false);
        await using var client = await server.ConnectAsync();

        var reply = await client.EhloAsync("client.example");

        Assert.That(reply.Lines, Is.EqualTo(new[]
        {
            "mx.test.example greets client.example",
            "PIPELINING",
            "SIZE 41943040",
            "8BITMIME",
            "SMTPUTF8",
            "ENHANCEDSTATUSCODES",
            "CHUNKING",
        }));
    }

    [Test]
    public async Task Ehlo_advertises_starttls_but_not_auth_before_tls()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.EhloAsync();

        Assert.That(reply.Lines, Does.Contain("STARTTLS"));
        Assert.That(reply.Lines, Has.None.StartsWith("AUTH"));
    }

    [Test]
    public async Task Ehlo_after_tls_advertises_auth_and_no_longer_starttls()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.StartTlsAsync();

        var reply = await client.EhloAsync();

        Assert.That(reply.Lines, Does.Contain("AUTH PLAIN LOGIN"));
        Assert.That(reply.Lines, Does.Not.Contain("STARTTLS"));
    }

    [Test]
    public async Task Ehlo_advertises_auth_in_plaintext_on_loopback_only_when_allowed()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.AllowPlaintextAuthOnLoopback = true, withCertificate: false);
        await using var client = await server.ConnectAsync();

        var reply = await client.EhloAsync();

        Assert.That(reply.Lines, Does.Contain("AUTH PLAIN LOGIN"));
    }

    [Test]
    public async Task Ehlo_advertises_binarymime_only_when_enabled()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.EnableBinaryMime = true);
        await using var client = await server.ConnectAsync();

        var reply = await client.EhloAsync();

        Assert.That(reply.Lines, Does.Contain("BINARYMIME"));
    }

    [Test]
    public async Task Helo_gets_a_plain_250_with_the_server_name()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync("HELO client.example");

        Assert.That(reply.Lines, Is.EqualTo(new[] { "mx.test.example" }));
        Assert.That(reply.Code, Is.EqualTo(250));
    }

    [TestCase("EHLO")]
    [TestCase("EHLO bad_name.example")]
    [TestCase("EHLO -leading.example")]
    [TestCase("EHLO client.example extra")]
    [TestCase("HELO")]
    [TestCase("HELO [999.1.1.1]")]
    public async Task Hello_with_a_bad_argument_is_501_without_an_enhanced_code(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync(command);

        Transcript.AssertReply(reply, 501, string.Empty);
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 503, "5.5.1");
    }

    [TestCase("EHLO [127.0.0.1]")]
    [TestCase("EHLO [IPv6:::1]")]
    [TestCase("ehlo Client.Example")]
    [TestCase("EHLO   spaced.example  ")]
    public async Task Hello_accepts_domains_and_address_literals(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var reply = await client.CommandAsync(command);

        Assert.That(reply.Code, Is.EqualTo(250), reply.ToString());
    }

    [Test]
    public async Task Noop_vrfy_help_and_quit_reply_with_enhanced_codes()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.ExpectAsync("NOOP", 250, "2.0.0");
        await client.ExpectAsync("NOOP anything at all", 250, "2.0.0");
        await client.ExpectAsync("VRFY postmaster", 252, "2.5.0");
        await client.ExpectAsync("VRFY", 501, "5.5.4");
        var help = await client.ExpectAsync("HELP", 214, "2.0.0");
        Assert.That(help.Text, Does.Contain("STARTTLS"));
        await client.ExpectAsync("QUIT", 221, "2.0.0");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Commands_are_case_insensitive()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.ExpectAsync("ehlo client.example", 250, string.Empty);
        await client.ExpectAsync("mail from:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RcPt To:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("rset", 250, "2.0.0");
        await client.ExpectAsync("quit", 221, "2.0.0");
    }

    [Test]
    public async Task A_whole_transaction_delivers_envelope_and_content_to_the_handler()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync("Subject: hi\r\n\r\nbody\r\n.\r\n", "Sender@Example.COM", "Rcpt@Example.NET");

        Assert.That(reply.ToString(), Is.EqualTo("250 2.0.0 Queued"));
        var message = server.Handler.Messages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(message.Envelope.ReversePath, Is.EqualTo("Sender@Example.COM"));
            Assert.That(message.Envelope.Recipients, Is.EqualTo(new[] { "Rcpt@Example.NET" }));
            Assert.That(message.Envelope.BodyType, Is.EqualTo(SmtpBodyType.SevenBit));
            Assert.That(message.Envelope.SmtpUtf8, Is.False);
            Assert.That(message.Envelope.DeclaredSize, Is.Null);
            Assert.That(message.Content, Is.EqualTo("Subject: hi\r\n\r\nbody\r\n"u8.ToArray()));
            Assert.That(message.ClientHostName, Is.EqualTo("client.example"));
            Assert.That(message.ContentWasSeekable, Is.True);
            Assert.That(message.ContentWasReadOnly, Is.True);
        });
    }
}

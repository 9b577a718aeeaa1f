using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class TlsTests
{
    [Test]
    public async Task Starttls_upgrades_the_session_and_requires_a_new_ehlo()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        var ready = await client.CommandAsync("STARTTLS");
        Transcript.AssertReply(ready, 220, "2.0.0");
        await client.UpgradeToTlsAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 503, "5.5.1");
        await client.EhloAsync();
        await client.SendMessageAsync("secure\r\n.\r\n");
        var message = server.Handler.Messages.Single();
        Assert.That((message.IsSecure, message.ClientHostName), Is.EqualTo((true, "client.example")));
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1020));
    }

    [Test]
    public async Task Plaintext_pipelined_after_starttls_is_discarded_not_executed()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        // The classic injection: commands smuggled into the plaintext segment that carries STARTTLS.
        await client.SendAsync("STARTTLS\r\nEHLO evil.example\r\nMAIL FROM:<evil@example.com>\r\n");
        var ready = await client.ReadReplyAsync();
        Transcript.AssertReply(ready, 220, "2.0.0");
        await client.UpgradeToTlsAsync();

        // Had the injected EHLO and MAIL run, RCPT would be accepted now.
        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
        Assert.That(server.Policy.Senders, Is.Empty);
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1024), "the discard is logged");
    }

    [Test]
    public async Task Starttls_twice_is_503()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.StartTlsAsync();
        await client.EhloAsync();

        await client.ExpectAsync("STARTTLS", 503, "5.5.1");
    }

    [Test]
    public async Task Starttls_without_a_certificate_is_502()
    {
        await using var server = await SmtpTestServer.StartAsync(withCertificate: false);
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("STARTTLS", 502, "5.5.1");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Starttls_with_an_argument_is_501()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("STARTTLS now", 501, "5.5.4");
    }

    [Test]
    public async Task A_failed_handshake_closes_the_connection()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("STARTTLS", 220, "2.0.0");

        await client.SendAsync("this is not a TLS client hello\r\n\r\n\r\n\r\n\r\n");

        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Implicit_tls_endpoint_handshakes_before_the_greeting()
    {
        await using var server = await SmtpTestServer.StartAsync(implicitTls: true);
        await using var client = await SmtpTestClient.ConnectTlsAsync(server.ImplicitTlsEndPoint);

        var greeting = await client.ReadReplyAsync();
        Assert.That(greeting.Code, Is.EqualTo(220));
        var ehlo = await client.EhloAsync();

        Assert.That(ehlo.Lines, Does.Contain("AUTH PLAIN LOGIN").And.Not.Contain("STARTTLS"));
        await client.ExpectAsync("AUTH PLAIN " + Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password), 235, "2.7.0");
        await client.SendMessageAsync("implicit\r\n.\r\n");
        Assert.That(server.Handler.Messages.Single().IsSecure, Is.True);
    }

    [Test]
    public async Task Implicit_tls_without_a_certificate_closes_the_connection()
    {
        await using var server = await SmtpTestServer.StartAsync(withCertificate: false, implicitTls: true);
        await using var client = await SmtpTestClient.ConnectAsync(server.ImplicitTlsEndPoint);

        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task A_stalled_handshake_times_out_and_closes()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.TlsHandshakeTimeout = TimeSpan.FromMilliseconds(200), implicitTls: true);
        await using var client = await SmtpTestClient.ConnectAsync(server.ImplicitTlsEndPoint);

        Assert.That(await client.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1021));
    }
}

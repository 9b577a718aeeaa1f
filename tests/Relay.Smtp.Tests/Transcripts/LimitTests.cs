using Microsoft.Extensions.Time.Testing;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class LimitTests
{
    [Test]
    public async Task Declared_size_over_the_limit_is_552_at_mail()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxMessageSize = 1000);
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.ExpectAsync("MAIL FROM:<a@example.com> SIZE=1001", 552, "5.3.4");

        Assert.That(reply.Text, Does.Contain("1000"));
        await client.ExpectAsync("MAIL FROM:<a@example.com> SIZE=1000", 250, "2.1.0");
    }

    [Test]
    public async Task Actual_size_over_the_limit_is_drained_then_552_and_the_session_stays_in_step()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxMessageSize = 1000);
        await using var client = await server.ConnectAndGreetAsync();
        var line = new string('x', 98) + "\r\n";

        // Declares a small size, then sends 20 000 octets; QUIT-like text inside must stay content.
        await client.ExpectAsync("MAIL FROM:<a@example.com> SIZE=500", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync(string.Concat(Enumerable.Repeat(line, 100)) + "QUIT\r\n" + string.Concat(Enumerable.Repeat(line, 100)) + ".\r\n");
        var reply = await client.ReadReplyAsync();

        Transcript.AssertReply(reply, 552, "5.3.4");
        Assert.That(server.Handler.Messages, Is.Empty);
        var next = await client.SendMessageAsync(string.Concat(Enumerable.Repeat(line, 10)) + ".\r\n");
        Transcript.AssertReply(next, 250, "2.0.0");
        Assert.That(server.Handler.Messages.Single().Content, Has.Length.EqualTo(1000), "exactly the limit is accepted");
    }

    [Test]
    public async Task Recipients_over_the_limit_get_452_and_the_rest_are_kept()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxRecipients = 3);
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        for (var i = 0; i < 3; i++)
        {
            await client.ExpectAsync($"RCPT TO:<r{i}@example.com>", 250, "2.1.5");
        }

        await client.ExpectAsync("RCPT TO:<r3@example.com>", 452, "4.5.3");
        await client.ExpectAsync("RCPT TO:<r4@example.com>", 452, "4.5.3");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("x\r\n.\r\n");
        await client.ReadReplyAsync();

        Assert.That(server.Handler.Messages.Single().Envelope.Recipients, Is.EqualTo(new[] { "r0@example.com", "r1@example.com", "r2@example.com" }));
    }

    [Test]
    public async Task The_default_recipient_limit_is_fifty()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.SendAsync(string.Concat(Enumerable.Range(0, 51).Select(i => $"RCPT TO:<r{i}@example.com>\r\n")));

        for (var i = 0; i < 50; i++)
        {
            Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(250));
        }

        Transcript.AssertReply(await client.ReadReplyAsync(), 452, "4.5.3");
    }

    [Test]
    public async Task A_command_line_over_the_limit_is_500_line_too_long_and_the_session_resyncs()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxCommandLineLength = 512);
        await using var client = await server.ConnectAndGreetAsync();
        var exactly = "NOOP " + new string('x', 512 - 7);

        await client.ExpectAsync(exactly, 250, "2.0.0");
        await client.SendAsync("NOOP " + new string('x', 100_000) + "\r\nNOOP\r\n");
        var tooLong = await client.ReadReplyAsync();

        Transcript.AssertReply(tooLong, 500, "5.5.2");
        Assert.That(tooLong.Text, Does.Contain("too long"));
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
    }

    [Test]
    public async Task A_text_line_over_the_limit_is_refused_naming_the_limit()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync(new string('x', 999) + "\r\n.\r\n");

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(reply.Text, Does.Contain("1000 octets"));
        Assert.That(server.Handler.Messages, Is.Empty);
        Transcript.AssertReply(await client.SendMessageAsync(new string('x', 998) + "\r\n.\r\n"), 250, "2.0.0");
    }

    [Test]
    public async Task Too_many_bad_commands_get_421_and_the_connection_closes()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxBadCommands = 3);
        await using var client = await server.ConnectAsync();

        await client.ExpectAsync("BOGUS", 500, "5.5.2");
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 503, "5.5.1");
        await client.ExpectAsync("EHLO", 501, string.Empty);
        await client.ExpectAsync("NOOP", 250, "2.0.0");
        var last = await client.CommandAsync("BOGUS");

        Transcript.AssertReply(last, 421, "4.7.0");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1016));
    }

    [Test]
    public async Task Connections_over_the_limit_get_421_and_are_closed_and_a_freed_slot_is_reused()
    {
        await using var server = await SmtpTestServer.StartAsync(o =>
        {
            o.MaxConnections = 2;
            o.ReservedAuthenticatedConnections = 0;
        });
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();

        await using (var third = await SmtpTestClient.ConnectAsync(server.EndPoint))
        {
            Transcript.AssertReply(await third.ReadReplyAsync(), 421, "4.7.0");
            Assert.That(await third.IsClosedByServerAsync(), Is.True);
        }

        await first.ExpectAsync("QUIT", 221, "2.0.0");
        Assert.That(await first.IsClosedByServerAsync(), Is.True);
        await using var fourth = await server.ConnectAsync();
        await fourth.ExpectAsync("NOOP", 250, "2.0.0");
        await second.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Over_the_limit_an_implicit_tls_connection_is_closed_without_a_plaintext_reply()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxConnections = 1, implicitTls: true);
        await using var first = await server.ConnectAsync();

        await using var second = await SmtpTestClient.ConnectAsync(server.ImplicitTlsEndPoint);

        Assert.That(await second.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1004));
    }

    [Test]
    public async Task An_idle_client_gets_421_4_4_2_after_the_command_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(o => o.CommandTimeout = TimeSpan.FromMinutes(5), timeProvider: clock);
        await using var client = await server.ConnectAndGreetAsync();

        clock.Advance(TimeSpan.FromMinutes(4));
        await client.ExpectAsync("NOOP", 250, "2.0.0");
        clock.Advance(TimeSpan.FromMinutes(5));

        Transcript.AssertReply(await client.ReadReplyAsync(), 421, "4.4.2");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task A_partial_command_line_does_not_reset_the_command_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(o => o.CommandTimeout = TimeSpan.FromMinutes(5), timeProvider: clock);
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("NOO");
        clock.Advance(TimeSpan.FromMinutes(5));

        Transcript.AssertReply(await client.ReadReplyAsync(), 421, "4.4.2");
    }

    [Test]
    public async Task A_stalled_data_transfer_gets_421_4_4_2_after_the_data_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(o => o.DataTimeout = TimeSpan.FromMinutes(10), timeProvider: clock);
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);

        await client.SendAsync("partial body\r\n");
        clock.Advance(TimeSpan.FromMinutes(10));

        Transcript.AssertReply(await client.ReadReplyAsync(), 421, "4.4.2");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
        Assert.That(server.Handler.Messages, Is.Empty);
    }
}

using Microsoft.Extensions.Time.Testing;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>Issue 14 item 3: clocks that a slow client cannot restart by sending a line, or an octet, now and then.</summary>
public sealed class SessionBudgetTests
{
    [Test]
    public async Task A_command_line_trickled_octet_by_octet_gets_421_4_4_2_at_the_line_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.CommandTimeout = TimeSpan.FromMinutes(5);
                o.CommandLineTimeout = TimeSpan.FromSeconds(30);
            },
            timeProvider: clock);
        await using var client = await server.ConnectAndGreetAsync();

        // "N" arrives with the NOOP, so the server has seen the line begin by the time the 250 comes back.
        await client.SendAsync("NOOP\r\nN");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        clock.Advance(TimeSpan.FromSeconds(20));
        await client.SendAsync("O");
        clock.Advance(TimeSpan.FromSeconds(10));

        Transcript.AssertReply(await client.ReadReplyAsync(), 421, "4.4.2");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task A_session_that_keeps_sending_commands_ends_with_421_4_4_2_at_its_time_limit()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.CommandTimeout = TimeSpan.FromMinutes(5);
                o.MaxSessionDuration = TimeSpan.FromMinutes(30);
            },
            timeProvider: clock);
        await using var client = await server.ConnectAndGreetAsync();

        for (var i = 0; i < 7; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(4));
            await client.ExpectAsync("NOOP", 250, "2.0.0");
        }

        clock.Advance(TimeSpan.FromMinutes(2));

        var last = await client.ReadReplyAsync();
        Transcript.AssertReply(last, 421, "4.4.2");
        Assert.That(last.Text, Does.Contain("Session time limit"));
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task A_connection_that_sends_nothing_gets_421_4_4_2_at_the_handshake_timeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.CommandTimeout = TimeSpan.FromMinutes(5);
                o.HandshakeTimeout = TimeSpan.FromSeconds(20);
            },
            timeProvider: clock);
        await using var client = await server.ConnectAsync();

        clock.Advance(TimeSpan.FromSeconds(20));

        Transcript.AssertReply(await client.ReadReplyAsync(), 421, "4.4.2");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task After_the_first_command_the_handshake_timeout_no_longer_applies()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.CommandTimeout = TimeSpan.FromMinutes(5);
                o.HandshakeTimeout = TimeSpan.FromSeconds(20);
            },
            timeProvider: clock);
        await using var client = await server.ConnectAndGreetAsync();

        clock.Advance(TimeSpan.FromMinutes(1));

        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task A_silent_socket_on_the_implicit_tls_port_is_closed_at_the_handshake_timeout()
    {
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.TlsHandshakeTimeout = TimeSpan.FromMinutes(5);
                o.HandshakeTimeout = TimeSpan.FromMilliseconds(200);
            },
            implicitTls: true);
        await using var client = await SmtpTestClient.ConnectAsync(server.ImplicitTlsEndPoint);

        Assert.That(await client.IsClosedByServerAsync(), Is.True, "closed well before the 5-minute TLS timeout");
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1021));
    }
}

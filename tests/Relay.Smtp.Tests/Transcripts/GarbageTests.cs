using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class GarbageTests
{
    [Test]
    public async Task Random_binary_input_is_answered_with_errors_until_the_server_hangs_up()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxBadCommands = 5);
        var random = new Random(20240601);
        var garbage = new byte[8 * 1024];
        random.NextBytes(garbage);

        var codes = new List<int>();
        await using (var client = await server.ConnectAsync())
        {
            try
            {
                await client.SendAsync(garbage);
                while (true)
                {
                    codes.Add((await client.ReadReplyAsync()).Code);
                }
            }
            catch (IOException)
            {
                // The server hung up (FIN or reset): that is the expected end.
            }
        }

        Assert.That(codes, Is.Not.Empty);
        Assert.That(codes.Take(codes.Count - 1), Has.All.InRange(500, 599));
        Assert.That(codes[^1], Is.EqualTo(421).Or.InRange(500, 599));
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Not.Contain(1015), "no session failed unexpectedly");
        await using var fresh = await server.ConnectAndGreetAsync();
        await fresh.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task An_http_request_to_the_smtp_port_gets_errors_not_a_crash()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync("GET / HTTP/1.1\r\nHost: mx.test.example\r\n\r\n");

        Transcript.AssertReply(await client.ReadReplyAsync(), 500, "5.5.2");
        Transcript.AssertReply(await client.ReadReplyAsync(), 500, "5.5.2");
        Transcript.AssertReply(await client.ReadReplyAsync(), 500, "5.5.2");
        await client.ExpectAsync("QUIT", 221, "2.0.0");
    }

    [Test]
    public async Task Nul_octets_in_commands_are_syntax_errors()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("NOOP\0", 500, "5.5.2");
        await client.ExpectAsync("\0\0\0", 500, "5.5.2");
        await client.ExpectAsync("MAIL FROM:<a\0b@example.com>", 553, "5.1.7");
        await client.ExpectAsync("MAIL FROM:<ab@example.com>", 250, "2.1.0");
    }

    [Test]
    public async Task Non_ascii_octets_in_commands_are_handled()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.ExpectAsync("ÉHLO x.example", 500, "5.5.2");
        await client.ExpectAsync("EHLO bücher.example", 501, string.Empty);
        await client.SendAsync([(byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xFF, 0xFE, (byte)'\r', (byte)'\n']);
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
    }

    [Test]
    public async Task Extra_spaces_around_arguments_are_tolerated()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.ExpectAsync("EHLO    client.example   ", 250, string.Empty);
        await client.ExpectAsync("MAIL    FROM:<a@example.com>    SIZE=10     BODY=8BITMIME  ", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:   <b@example.com>   ", 250, "2.1.5");
        await client.ExpectAsync("DATA   ", 354, string.Empty);
    }

    [Test]
    public async Task A_client_that_disconnects_mid_data_leaves_no_message_and_no_error()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using (var client = await server.ConnectAndGreetAsync())
        {
            await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
            await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
            await client.ExpectAsync("DATA", 354, string.Empty);
            await client.SendAsync("half a message\r\n");
        }

        await using var next = await server.ConnectAndGreetAsync();
        await next.ExpectAsync("NOOP", 250, "2.0.0");
        Assert.That(server.Handler.Messages, Is.Empty);
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Not.Contain(1015));
    }
}

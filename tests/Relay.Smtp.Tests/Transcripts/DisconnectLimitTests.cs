using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>Issue 14 item 9: refusals and endless junk commands end the session like other bad commands.</summary>
public sealed class DisconnectLimitTests
{
    [Test]
    public async Task Repeated_530_authentication_required_counts_toward_the_bad_command_limit()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxBadCommands = 3, policy: new RequireAuthenticationPolicy());
        await using var client = await server.ConnectAndGreetAsync();

        for (var i = 0; i < 3; i++)
        {
            await client.ExpectAsync("MAIL FROM:<a@example.com>", 530, "5.7.0");
        }

        await AssertDisconnectedAsync(client, await client.CommandAsync("MAIL FROM:<a@example.com>"));
    }

    [Test]
    public async Task Repeated_538_encryption_required_counts_toward_the_bad_command_limit()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxBadCommands = 2);
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("AUTH PLAIN AGFsaWNlAHgK", 538, "5.7.11");
        await client.ExpectAsync("AUTH PLAIN AGFsaWNlAHgK", 538, "5.7.11");

        await AssertDisconnectedAsync(client, await client.CommandAsync("AUTH PLAIN AGFsaWNlAHgK"));
    }

    [Test]
    public async Task Repeated_550_refusals_count_toward_the_bad_command_limit()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxBadCommands = 2);
        server.Policy.Refusals["nobody@example.net"] = new SmtpReply(550, "5.1.1", "No such user");
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");

        await client.ExpectAsync("RCPT TO:<nobody@example.net>", 550, "5.1.1");
        await client.ExpectAsync("RCPT TO:<nobody@example.net>", 550, "5.1.1");

        await AssertDisconnectedAsync(client, await client.CommandAsync("RCPT TO:<nobody@example.net>"));
    }

    [Test]
    public async Task Repeated_554_no_valid_recipients_counts_toward_the_bad_command_limit()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxBadCommands = 2);
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");

        await client.ExpectAsync("DATA", 554, "5.5.1");
        await client.ExpectAsync("DATA", 554, "5.5.1");

        await AssertDisconnectedAsync(client, await client.CommandAsync("DATA"));
    }

    [TestCase("NOOP")]
    [TestCase("RSET")]
    [TestCase("VRFY postmaster")]
    [TestCase("HELP")]
    [TestCase("EHLO client.example")]
    [TestCase("HELO client.example")]
    public async Task Commands_outside_a_transaction_beyond_the_limit_get_421_4_7_0_and_the_connection_closes(string command)
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxNonTransactionCommands = 5);
        await using var client = await server.ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.That((await client.CommandAsync(command)).Code, Is.LessThan(300), $"command {i + 1}");
        }

        await AssertDisconnectedAsync(client, await client.CommandAsync(command));
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1070));
    }

    [Test]
    public async Task An_accepted_message_starts_the_non_transaction_count_again()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxNonTransactionCommands = 3);
        await using var client = await server.ConnectAndGreetAsync();

        for (var message = 0; message < 3; message++)
        {
            await client.ExpectAsync("NOOP", 250, "2.0.0");
            await client.ExpectAsync("RSET", 250, "2.0.0");
            Transcript.AssertReply(await client.SendMessageAsync("Subject: x\r\n\r\nbody\r\n.\r\n"), 250, "2.0.0");
        }

        await client.ExpectAsync("NOOP", 250, "2.0.0");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
        await AssertDisconnectedAsync(client, await client.CommandAsync("NOOP"));
    }

    [Test]
    public void The_default_non_transaction_command_limit_is_one_hundred()
    {
        Assert.That(new SmtpServerOptions().MaxNonTransactionCommands, Is.EqualTo(100));
    }

    private static async Task AssertDisconnectedAsync(SmtpTestClient client, SmtpTestReply last)
    {
        Transcript.AssertReply(last, 421, "4.7.0");
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }
}

using System.Text;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class DataContentTests
{
    [TestCase("data\r\n.\r\n", "data\r\n")]
    [TestCase(".\r\n", "")]
    [TestCase("..\r\n.\r\n", ".\r\n")]
    [TestCase("..first line is a dot\r\nsecond\r\n.\r\n", ".first line is a dot\r\nsecond\r\n")]
    [TestCase("a\r\n..\r\n...\r\n.b\r\n.\r\n", "a\r\n.\r\n..\r\nb\r\n")]
    [TestCase("\r\n.\r\n", "\r\n")]
    [TestCase("trailing spaces  \r\n\tand tabs\t\r\n.\r\n", "trailing spaces  \r\n\tand tabs\t\r\n")]
    public async Task The_handler_gets_exactly_the_unstuffed_bytes(string wire, string content)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync(wire);

        Assert.That(reply.Code, Is.EqualTo(250));
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo(Encoding.ASCII.GetBytes(content)));
    }

    [Test]
    public async Task Eight_bit_and_control_octets_other_than_nul_pass_through_unchanged()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        byte[] body = [0x01, 0x80, 0xFF, 0xC3, 0xA9, (byte)'\t', 0x7F, (byte)'\r', (byte)'\n'];

        await client.ExpectAsync("MAIL FROM:<a@example.com> BODY=8BITMIME", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync([.. body, .. ".\r\n"u8.ToArray()]);
        var reply = await client.ReadReplyAsync();

        Assert.That(reply.Code, Is.EqualTo(250));
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo(body));
    }

    [Test]
    public async Task A_body_in_single_octet_writes_is_reassembled()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);

        foreach (var octet in "x\r\n..y\r\n.\r\n"u8.ToArray())
        {
            await client.SendAsync([octet]);
        }

        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(250));
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo("x\r\n.y\r\n"u8.ToArray()));
    }

    [Test]
    public async Task The_handler_reply_is_the_data_reply()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Handler.Reply = new SmtpReply(554, "5.7.1", "Message refused by content filter");
        await using var client = await server.ConnectAndGreetAsync();

        var reply = await client.SendMessageAsync("x\r\n.\r\n");

        Assert.That(reply.ToString(), Is.EqualTo("554 5.7.1 Message refused by content filter"));
        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
    }

    [Test]
    public async Task A_failing_handler_is_451_and_the_session_goes_on()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Handler.OnMessage = _ => throw new IOException("spool disk full");
        await using var client = await server.ConnectAndGreetAsync();

        var failed = await client.SendMessageAsync("x\r\n.\r\n");
        server.Handler.OnMessage = null;
        var delivered = await client.SendMessageAsync("y\r\n.\r\n");

        Transcript.AssertReply(failed, 451, "4.3.0");
        Transcript.AssertReply(delivered, 250, "2.0.0");
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1052));
    }
}

using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class PipeliningTests
{
    [Test]
    public async Task A_pipelined_transaction_gets_its_replies_in_order()
    {
        await using var server = await SmtpTestServer.StartAsync();
        server.Policy.Refusals["bad@example.net"] = SmtpReply.MailboxUnavailable;
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<bad@example.net>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n");

        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.1.0");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.1.5");
        Transcript.AssertReply(await client.ReadReplyAsync(), 550, "5.1.1");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.1.5");
        Transcript.AssertReply(await client.ReadReplyAsync(), 354, string.Empty);

        // The body, the next transaction and QUIT in one more write.
        await client.SendAsync("one\r\n.\r\nMAIL FROM:<d@example.com>\r\nRCPT TO:<e@example.net>\r\nDATA\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.1.0");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.1.5");
        Transcript.AssertReply(await client.ReadReplyAsync(), 354, string.Empty);
        await client.SendAsync("two\r\n.\r\nQUIT\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        Transcript.AssertReply(await client.ReadReplyAsync(), 221, "2.0.0");

        var messages = server.Handler.Messages;
        Assert.That(messages.Select(m => m.Envelope.Recipients), Is.EqualTo(new[] { new[] { "b@example.net", "c@example.net" }, new[] { "e@example.net" } }));
        Assert.That(messages.Select(m => m.Content), Is.EqualTo(new[] { "one\r\n"u8.ToArray(), "two\r\n"u8.ToArray() }));
    }

    [Test]
    public async Task Commands_split_across_writes_are_reassembled()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("NO");
        await client.SendAsync("OP\r");
        await client.SendAsync("\nRS");
        await client.SendAsync("ET\r\n");

        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
    }

    [Test]
    public async Task A_pipelined_ehlo_burst_is_answered_in_order()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server.EndPoint);

        await client.SendAsync("EHLO a.example\r\nNOOP\r\nHELP\r\nVRFY x\r\nQUIT\r\n");

        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(220));
        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(250));
        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(250));
        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(214));
        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(252));
        Assert.That((await client.ReadReplyAsync()).Code, Is.EqualTo(221));
        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }
}

using System.Text;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class ChunkingTests
{
    [Test]
    public async Task A_single_last_chunk_delivers_the_octets_unchanged()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);
        var body = "Subject: chunk\r\n\r\n.leading dot stays\r\n.\r\n";

        await client.SendAsync($"BDAT {body.Length} LAST\r\n{body}");
        var reply = await client.ReadReplyAsync();

        Transcript.AssertReply(reply, 250, "2.0.0");
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo(Encoding.ASCII.GetBytes(body)));
    }

    [Test]
    public async Task Several_chunks_are_joined_even_when_a_crlf_is_split_between_them()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);

        await client.SendAsync("BDAT 7\r\nline 1\r");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        await client.SendAsync("BDAT 9\r\n\nline 2\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        await client.SendAsync("BDAT 0 LAST\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");

        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo("line 1\r\nline 2\r\n"u8.ToArray()));
    }

    [Test]
    public async Task Pipelined_chunks_get_a_reply_each()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();

        await client.SendAsync("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nBDAT 4\r\nab\r\nBDAT 4 LAST\r\ncd\r\nNOOP\r\n");

        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await client.ReadReplyAsync()).ToString());
        }

        Assert.That(codes, Is.EqualTo(new[] { "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "250 2.0.0 4 octets received", "250 2.0.0 Queued", "250 2.0.0 OK" }));
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo("ab\r\ncd\r\n"u8.ToArray()));
    }

    [Test]
    public async Task A_last_chunk_without_a_final_crlf_gets_one()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);

        await client.SendAsync("BDAT 4 LAST\r\nbody");

        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");
        Assert.That(server.Handler.Messages.Single().Content, Is.EqualTo("body\r\n"u8.ToArray()));
    }

    [Test]
    public async Task A_refused_bdat_still_consumes_its_chunk_so_the_octets_are_never_commands()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        var chunk = "MAIL FROM:<evil@example.com>\r\n";

        await client.SendAsync($"BDAT {chunk.Length}\r\n{chunk}");
        Transcript.AssertReply(await client.ReadReplyAsync(), 503, "5.5.1");

        await client.ExpectAsync("RCPT TO:<b@example.com>", 503, "5.5.1");
        Assert.That(server.Policy.Senders, Is.Empty);
    }

    [Test]
    public async Task Bdat_without_recipients_is_554_and_consumes_the_chunk()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");

        await client.SendAsync("BDAT 6 LAST\r\nNOOP\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 554, "5.5.1");

        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
    }

    [Test]
    public async Task Data_after_bdat_is_503()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);
        await client.SendAsync("BDAT 3\r\nab\n");
        await client.ReadReplyAsync();

        await client.ExpectAsync("DATA", 503, "5.5.1");
    }

    [Test]
    public async Task Mail_between_chunks_is_503_and_rset_ends_the_sequence()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);
        await client.SendAsync("BDAT 4\r\nab\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");

        await client.ExpectAsync("MAIL FROM:<c@example.com>", 503, "5.5.1");
        await client.ExpectAsync("RSET", 250, "2.0.0");
        await client.ExpectAsync("BDAT 0 LAST", 503, "5.5.1");
        Assert.That(server.Handler.Messages, Is.Empty);
    }

    [Test]
    public async Task A_bare_lf_in_a_chunk_is_refused_and_ends_the_transaction()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);

        await client.SendAsync("BDAT 4\r\nab\nc");
        Transcript.AssertReply(await client.ReadReplyAsync(), 550, "5.6.0");
        await client.SendAsync("BDAT 3 LAST\r\nde\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 503, "5.5.1");

        Assert.That(server.Handler.Messages, Is.Empty);
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task A_nul_in_a_chunk_is_refused_so_a_data_next_hop_cannot_be_split()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);
        const string chunk = "Subject: s\r\n\r\nhello\r\n\0.\r\nMAIL FROM:<admin@example.com>\r\n";

        await client.SendAsync($"BDAT {chunk.Length} LAST\r\n{chunk}");
        var reply = await client.ReadReplyAsync();

        Transcript.AssertReply(reply, 550, "5.6.0");
        Assert.That(reply.Text, Does.Contain("NUL"));
        Assert.That(server.Handler.Messages, Is.Empty);
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task A_nul_in_an_early_chunk_refuses_the_message_and_later_chunks_are_out_of_sequence()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);

        await client.SendAsync("BDAT 4\r\nab\0c");
        Transcript.AssertReply(await client.ReadReplyAsync(), 550, "5.6.0");
        await client.SendAsync("BDAT 4 LAST\r\nde\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 503, "5.5.1");

        Assert.That(server.Handler.Messages, Is.Empty);
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    [Test]
    public async Task Chunks_over_the_size_limit_are_drained_then_552()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.MaxMessageSize = 1000);
        await using var client = await StartTransactionAsync(server);
        var chunk = string.Concat(Enumerable.Repeat(new string('y', 98) + "\r\n", 20));

        await client.SendAsync($"BDAT {chunk.Length} LAST\r\n{chunk}");
        Transcript.AssertReply(await client.ReadReplyAsync(), 552, "5.3.4");

        await client.ExpectAsync("NOOP", 250, "2.0.0");
        Assert.That(server.Handler.Messages, Is.Empty);
    }

    [TestCase("BDAT")]
    [TestCase("BDAT x")]
    [TestCase("BDAT -1")]
    [TestCase("BDAT 10 FIRST")]
    [TestCase("BDAT 1234567890123456789")]
    public async Task A_bdat_whose_size_cannot_be_read_closes_the_connection(string command)
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var client = await StartTransactionAsync(server);

        Transcript.AssertReply(await client.CommandAsync(command), 501, "5.5.4");

        Assert.That(await client.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Binarymime_is_refused_unless_enabled_and_then_needs_bdat()
    {
        await using var server = await SmtpTestServer.StartAsync(o => o.EnableBinaryMime = true);
        await using var client = await server.ConnectAndGreetAsync();
        byte[] binary = [0x00, (byte)'\n', (byte)'\r', 0xFF, (byte)'.', (byte)'\r', (byte)'\n', (byte)'.'];

        await client.ExpectAsync("MAIL FROM:<a@example.com> BODY=BINARYMIME", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 503, "5.5.1");
        await client.SendAsync([.. Encoding.ASCII.GetBytes($"BDAT {binary.Length} LAST\r\n"), .. binary]);
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");

        var message = server.Handler.Messages.Single();
        Assert.That(message.Envelope.BodyType, Is.EqualTo(SmtpBodyType.BinaryMime));
        Assert.That(message.Content, Is.EqualTo(binary));
    }

    private static async Task<SmtpTestClient> StartTransactionAsync(SmtpTestServer server)
    {
        var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        return client;
    }
}

using System.Net.Sockets;
using System.Text;
using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>
/// Checks the sink with a hand-written SMTP dialogue, so the byte-exactness tests do not rest on a sink that
/// merely mirrors MailKit.
/// </summary>
public sealed class SmtpSinkTests
{
    [Test]
    public async Task Sink_removes_exactly_one_stuffed_dot_and_keeps_bare_line_feeds()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { Pipelining = false });

        var replies = await TalkAsync(sink.Port,
            "EHLO raw.test\r\n", "MAIL FROM:<> BODY=8BITMIME\r\n", "RCPT TO:<a@example.net>\r\n", "DATA\r\n",
            "S: x\r\n\r\n..\r\n...two\r\nbare\nLF\r\n.\r\n", "QUIT\r\n");

        Assert.That(replies, Does.Contain("250 2.0.0 Ok: queued as SINK1"));
        var transaction = sink.Delivered.Single();
        Assert.That(Encoding.ASCII.GetString(transaction.Data), Is.EqualTo("S: x\r\n\r\n.\r\n..two\r\nbare\nLF\r\n"));
        Assert.That(transaction.ReversePath, Is.Empty);
        Assert.That(transaction.MailParameters, Is.EqualTo(new[] { "BODY=8BITMIME" }));
    }

    [Test]
    public async Task Sink_answers_with_the_scripted_replies()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions
        {
            RcptReply = address => address.StartsWith("bad", StringComparison.Ordinal) ? "550 5.1.1 no\n550 5.1.1 really not" : null,
            EightBitMime = false,
        });

        var replies = await TalkAsync(sink.Port,
            "EHLO raw.test\r\n", "MAIL FROM:<s@example.com>\r\n", "RCPT TO:<bad@example.net>\r\n", "DATA\r\n", "QUIT\r\n");

        Assert.That(replies, Does.Contain("550-5.1.1 no\r\n550 5.1.1 really not\r\n"));
        Assert.That(replies, Does.Contain("554 5.5.1 No valid recipients"));
        Assert.That(replies, Does.Not.Contain("8BITMIME"));
        Assert.That(sink.Transactions, Is.Empty);
    }

    private static async Task<string> TalkAsync(int port, params string[] lines)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(SmtpSink.Host, port);
        var stream = client.GetStream();
        var transcript = new StringBuilder();
        var buffer = new byte[4096];
        transcript.Append(await ReadReplyAsync(stream, buffer));
        foreach (var line in lines)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line));
            transcript.Append(await ReadReplyAsync(stream, buffer));
        }

        return transcript.ToString();
    }

    /// <summary>Reads until a complete final reply line ("NNN " ... CRLF) has arrived.</summary>
    private static async Task<string> ReadReplyAsync(NetworkStream stream, byte[] buffer)
    {
        var reply = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return reply.ToString();
            }

            reply.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = reply.ToString();
            var lastLine = text.TrimEnd('\r', '\n').Split("\r\n")[^1];
            if (text.EndsWith("\r\n", StringComparison.Ordinal) && lastLine.Length >= 4 && lastLine[3] == ' ')
            {
                return text;
            }
        }
    }
}

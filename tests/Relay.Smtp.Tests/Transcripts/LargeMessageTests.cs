using System.Security.Cryptography;
using System.Text;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

public sealed class LargeMessageTests
{
    private const long MessageSize = 50L * 1024 * 1024;
    private const int LineLength = 80;

    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "relay-smtp-large-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_50_MB_message_streams_through_a_temp_file_not_memory()
    {
        string[]? filesDuringHandler = null;
        var handlerSawFileStream = false;
        long handlerLength = 0;
        byte[]? handlerHash = null;
        var handler = new DelegatingMessageHandler(async (_, _, content, cancellationToken) =>
        {
            filesDuringHandler = Directory.GetFiles(_directory);
            handlerSawFileStream = content is FileStream;
            handlerLength = content.Length;
            handlerHash = await SHA256.HashDataAsync(content, cancellationToken);
            return SmtpReply.MessageAccepted;
        });
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.MaxMessageSize = 64L * 1024 * 1024;
                o.TemporaryDirectory = _directory;
            },
            handler: handler);
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync($"MAIL FROM:<big@example.com> SIZE={MessageSize}", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);

        var expectedHash = await SendGeneratedBodyAsync(client);
        var reply = await client.ReadReplyAsync();

        Transcript.AssertReply(reply, 250, "2.0.0");
        Assert.That(handlerSawFileStream, Is.True, "the content was buffered in a file");
        Assert.That(filesDuringHandler, Has.Length.EqualTo(1), "one temp file under TemporaryDirectory while the handler ran");
        Assert.That(handlerLength, Is.EqualTo(MessageSize));
        Assert.That(handlerHash, Is.EqualTo(expectedHash), "every octet arrived in order");
        Assert.That(Directory.GetFiles(_directory), Is.Empty, "the temp file is deleted once the message is handled");
    }

    // Streams MessageSize octets of 80-octet lines in 64 KiB writes, hashing as it goes; the test never holds the message.
    private static async Task<byte[]> SendGeneratedBodyAsync(SmtpTestClient client)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var batch = new MemoryStream();
        var lines = MessageSize / LineLength;
        for (long i = 0; i < lines; i++)
        {
            var line = Encoding.ASCII.GetBytes($"line {i:D12} " + new string((char)('a' + (i % 26)), LineLength - 20) + "\r\n");
            hash.AppendData(line);
            batch.Write(line);
            if (batch.Length >= 64 * 1024)
            {
                await client.SendAsync(batch.ToArray());
                batch.SetLength(0);
            }
        }

        batch.Write(".\r\n"u8);
        await client.SendAsync(batch.ToArray());
        return hash.GetHashAndReset();
    }
}

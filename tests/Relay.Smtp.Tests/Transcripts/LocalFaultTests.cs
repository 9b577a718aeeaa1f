using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>A fault on our side of the session is answered 451 4.3.0 and the session stays in step, never dropped.</summary>
public sealed class LocalFaultTests
{
    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "relay-smtp-fault-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_spilled_buffer_that_vanished_before_the_end_of_data_gets_451_and_the_session_goes_on()
    {
        var handled = 0;
        var handler = new DelegatingMessageHandler((_, _, _, _) =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.FromResult(SmtpReply.MessageAccepted);
        });
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.InMemoryMessageThreshold = 1024;
                o.TemporaryDirectory = _directory;
            },
            handler: handler);
        await using var client = await server.ConnectAndGreetAsync();
        await client.ExpectAsync("MAIL FROM:<big@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("Subject: spilled\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 78) + "\r\n", 64)));

        // What an operator's clean-up of the temporary folder did to a live session before the folder had a lock.
        await WaitForBufferFileAsync();
        foreach (var file in Directory.GetFiles(_directory))
        {
            File.Delete(file);
        }

        await client.SendAsync(".\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 451, "4.3.0");
        Assert.That(handled, Is.Zero, "the handler never saw a message it could not read");
        await client.ExpectAsync("NOOP", 250, "2.0.0");
    }

    private async Task WaitForBufferFileAsync()
    {
        for (var attempt = 0; attempt < 200 && Directory.GetFiles(_directory).Length == 0; attempt++)
        {
            await Task.Delay(25);
        }

        Assert.That(Directory.GetFiles(_directory), Is.Not.Empty, "the content never spilled to a file");
    }
}

using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>
/// A seam that cannot answer for now and says why (<see cref="SmtpTemporaryFailureException"/>, e.g. the store is
/// down): the client gets the temporary reply, the log one warning line without a stack trace, the session goes on.
/// </summary>
public sealed class SeamUnavailableTests
{
    private const string Reason = "the account store cannot be reached, try again later";
    private static readonly string GoodPlain = Credentials.Plain(SmtpTestServer.UserName, SmtpTestServer.Password);

    [Test]
    public async Task An_authenticator_that_cannot_reach_its_store_gets_454_and_the_session_goes_on()
    {
        var unavailable = new DelegatingAuthenticator((_, _, _, _) => throw new SmtpTemporaryFailureException(Reason));
        await using var server = await SmtpTestServer.StartAsync(authenticator: unavailable);
        await using var client = await server.ConnectAndGreetAsync();
        await client.StartTlsAsync();
        await client.EhloAsync();

        await client.ExpectAsync("AUTH PLAIN " + GoodPlain, 454, "4.7.0");
        await client.ExpectAsync("NOOP", 250, "2.0.0");

        AssertOneWarningLine(server, "authenticator");
    }

    [Test]
    public async Task A_message_handler_that_cannot_reach_its_store_gets_451_and_the_session_goes_on()
    {
        var calls = 0;
        var handler = new DelegatingMessageHandler((_, _, _, _) =>
            Interlocked.Increment(ref calls) == 1
                ? throw new SmtpTemporaryFailureException(Reason)
                : ValueTask.FromResult(SmtpReply.MessageAccepted));
        await using var server = await SmtpTestServer.StartAsync(handler: handler);
        await using var client = await server.ConnectAndGreetAsync();

        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("Subject: x\r\n\r\nx\r\n.\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 451, "4.3.0");
        await client.ExpectAsync("MAIL FROM:<a@example.com>", 250, "2.1.0");
        await client.ExpectAsync("RCPT TO:<b@example.com>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync("Subject: x\r\n\r\nx\r\n.\r\n");
        Transcript.AssertReply(await client.ReadReplyAsync(), 250, "2.0.0");

        AssertOneWarningLine(server, "message handler");
    }

    private static void AssertOneWarningLine(SmtpTestServer server, string seam)
    {
        var lines = server.Logs.Lines.Where(line => line.Contains(Reason, StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain($"The {seam} cannot answer for now"));
        Assert.That(lines[0], Does.StartWith("Warning 9501: "), "a warning with its own event id, not an error");
        Assert.That(lines[0].TrimEnd(), Does.EndWith(Reason), "no exception attached: one line, no stack trace");
    }
}

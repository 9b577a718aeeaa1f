namespace Relay.Smtp.Tests.Support;

/// <summary>Assertions for transcripts.</summary>
internal static class Transcript
{
    public static void AssertReply(SmtpTestReply reply, int code, string enhancedCode)
    {
        Assert.Multiple(() =>
        {
            Assert.That(reply.Code, Is.EqualTo(code), reply.ToString());
            Assert.That(reply.EnhancedCode, Is.EqualTo(enhancedCode), reply.ToString());
        });
    }

    public static async Task<SmtpTestReply> ExpectAsync(this SmtpTestClient client, string command, int code, string enhancedCode)
    {
        var reply = await client.CommandAsync(command);
        AssertReply(reply, code, enhancedCode);
        return reply;
    }

    /// <summary>MAIL, RCPT, DATA with <paramref name="body"/> sent as is (it must end with the terminator); returns the DATA reply.</summary>
    public static async Task<SmtpTestReply> SendMessageAsync(this SmtpTestClient client, string body, string from = "sender@example.com", string to = "rcpt@example.net")
    {
        await client.ExpectAsync($"MAIL FROM:<{from}>", 250, "2.1.0");
        await client.ExpectAsync($"RCPT TO:<{to}>", 250, "2.1.5");
        await client.ExpectAsync("DATA", 354, string.Empty);
        await client.SendAsync(body);
        return await client.ReadReplyAsync();
    }
}

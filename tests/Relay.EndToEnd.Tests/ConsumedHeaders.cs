using System.Text;
using MimeKit;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The message every consumed-headers test sends (a Bcc field folded over two lines, the X-SES-* fields, no Date and no
/// Message-ID), and the check made on what the next hop received: none of those fields, a Date, and the Message-ID
/// <c>&lt;MessageId@provider domain&gt;</c> with the id the client was given.
/// </summary>
internal static class ConsumedHeaders
{
    public const string To = "to@dest.test";
    public const string HiddenOne = "hidden-one@dest.test";
    public const string HiddenTwo = "hidden-two@dest.test";

    public static string Message(string subject) =>
        $"From: Shop <news@example.com>\r\nTo: {To}\r\nBcc: {HiddenOne},\r\n {HiddenTwo}\r\nSubject: {subject}\r\n" +
        "X-SES-CONFIGURATION-SET: marketing\r\nx-ses-message-tags: campaign=spring, type=news\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\n\r\nBcc: a body line that only looks like a field\r\n";

    public static void AssertPrepared(byte[] delivered, string messageId)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        var text = Encoding.UTF8.GetString(delivered);
        var header = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        // Field names, not text: a signature's base64 may spell "bcc" by chance (it did once, in CI).
        var names = MimeKit.HeaderList.Load(new MemoryStream(delivered)).Select(field => field.Field).ToList();
        Assert.That(names.Where(name => name.Equals("Bcc", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-SES-", StringComparison.OrdinalIgnoreCase)),
            Is.Empty, text);
        Assert.That(header, Does.Not.Contain(HiddenOne).And.Not.Contain(HiddenTwo), "no hidden recipient is named to the others");
        // swaks ends its data with one more CRLF than the file has; the body is otherwise the client's.
        Assert.That(text[(header.Length + 4)..], Does.StartWith("Bcc: a body line that only looks like a field\r\n"), "the body is the client's");
        using var parsed = MimeMessage.Load(new MemoryStream(delivered));
        Assert.That(parsed.Headers.Count(h => h.Id == HeaderId.Date), Is.EqualTo(1), header);
        Assert.That(parsed.Date, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        Assert.That(parsed.Headers.Count(h => h.Id == HeaderId.MessageId), Is.EqualTo(1), header);
        Assert.That(parsed.Headers[HeaderId.MessageId]?.Trim(), Is.EqualTo($"<{messageId}@{RelayUnderTest.ProviderDomain}>"));
    }
}

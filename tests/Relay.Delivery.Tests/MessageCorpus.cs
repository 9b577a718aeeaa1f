using System.Text;

namespace Relay.Delivery.Tests;

/// <summary>Messages whose bytes must survive forwarding unchanged: the awkward cases for SMTP DATA and MIME.</summary>
internal static class MessageCorpus
{
    public const string Signature =
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=relay;\r\n" +
        "\th=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n" +
        "\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==\r\n";

    private const string Headers =
        Signature +
        "From: Sender <sender@example.com>\r\n" +
        "To: Recipient <rcpt@example.net>\r\n" +
        "Subject: corpus\r\n" +
        "Date: Mon, 2 Mar 2026 10:00:00 +0000\r\n" +
        "Message-ID: <corpus@example.com>\r\n";

    /// <summary>Name, content, 8BITMIME, SMTPUTF8, and the bytes expected at the next hop.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("lines starting with dots", Headers + "\r\n.leading dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n. space\r\n...\r\n");
        yield return Case("'..' as first body line", Headers + "\r\n..\r\nsecond line\r\n");
        yield return Case("8bit UTF-8 body", Headers +
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Grüße aus Köln, 日本語, emoji 😀\r\n", eightBitMime: true);
        yield return Case("990-octet lines", Headers + "X-Long: " + new string('h', 990) + "\r\n\r\n" +
            new string('a', 990) + "\r\n" + "." + new string('b', 989) + "\r\n");
        yield return Case("body without final CRLF", Headers + "\r\nlast line has no CRLF", expected: Headers + "\r\nlast line has no CRLF\r\n");
        yield return Case("empty body", Headers + "\r\n");
        yield return Case("headers only", Headers);
        yield return Case("Bcc header kept", Headers + "Bcc: Hidden <hidden@example.org>\r\nResent-Bcc: other@example.org\r\n\r\nbody\r\n");
        yield return Case("base64 attachment", Headers + Multipart());
        yield return Case("odd whitespace and folding", Signature +
            "Subject:   spaced   value   \r\n\t folded\r\n  more\r\nX-Empty:\r\nx-lower-case: v\r\n\r\n \r\n\t\r\nbody  \r\n");
        yield return Case("Content-Type as first header", "Content-Type: text/plain\r\nFrom: a@example.com\r\n\r\nhi\r\n");
        yield return Case("no header section", "\r\nbody only\r\n");
        yield return Case("single line without CRLF", "Subject: x", expected: "Subject: x\r\n");
        yield return Case("encoded words left alone", Signature +
            "Subject: =?utf-8?q?caf=C3=A9?= =?ISO-8859-1?B?SmFja3Nvbg==?=\r\nFrom: \"Doe, John\" <john@example.com>\r\n\r\nx\r\n");
        yield return Case("UTF-8 headers with SMTPUTF8", "From: Jörg <jörg@exämple.de>\r\nSubject: Grüße\r\n\r\nKörper\r\n",
            eightBitMime: true, smtpUtf8: true);
        yield return Case("CR.LF inside a line", Headers + "\r\nbefore\r\n.\r\n..\r\n.x.\r\nend\r\n");
    }

    private static TestCaseData Case(string name, string content, bool eightBitMime = false, bool smtpUtf8 = false, string? expected = null) =>
        new TestCaseData(Encoding.UTF8.GetBytes(content), eightBitMime, smtpUtf8, Encoding.UTF8.GetBytes(expected ?? content))
            .SetArgDisplayNames(name);

    private static string Multipart()
    {
        var random = new Random(20260302);
        var attachment = new byte[3000];
        random.NextBytes(attachment);
        var base64 = Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks);
        var body = new StringBuilder()
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/mixed; boundary=\"=_b\"\r\n\r\n")
            .Append("preamble\r\n--=_b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n")
            .Append("--=_b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n")
            .Append("Content-Disposition: attachment; filename=\"blob.bin\"\r\n\r\n")
            .Append(base64).Append("\r\n--=_b--\r\nepilogue\r\n");
        return body.ToString();
    }
}

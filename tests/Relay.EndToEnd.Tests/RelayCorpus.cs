using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// The messages <see cref="CorpusThroughRelayTests"/> sends through Relay. The content cases all come from
/// news@example.com (a DKIM SUCCESS domain); the precedence cases come from addresses whose identity decides
/// which customer signature, if any, Relay adds. The provider signature is always last.
/// </summary>
internal static class RelayCorpus
{
    public const string Account = "corpus";
    public const string Password = "corpus password 1";

    private const string Provider = RelayUnderTest.ProviderDomain;

    private const string Headers =
        "From: Shop News <news@example.com>\r\n" +
        "To: Someone <someone@dest.test>\r\n" +
        "Date: Tue, 3 Mar 2026 09:00:00 +0000\r\n";

    public static IReadOnlyList<CorpusMessage> ContentCases { get; } =
    [
        CorpusMessage.FromText("8bit UTF-8 body",
            Headers + "Subject: 8bit\r\nMessage-ID: <c1@example.com>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Grüße aus Köln — 日本語のテキスト, emoji 😀\r\nZweite Zeile: ÄÖÜ äöü ß\r\n",
            "example.com", Provider),
        CorpusMessage.FromText("lines starting with a dot",
            Headers + "Subject: dots\r\nMessage-ID: <c2@example.com>\r\n\r\n" +
            ".leading dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n. dot space\r\n...\r\nend\r\n",
            "example.com", Provider),
        CorpusMessage.FromText("long folded headers",
            Headers + "Subject: a subject long enough that it has to be folded over several lines when it is\r\n" +
            " written, because nobody wants a header line that runs on and on past the seventy-eight\r\n" +
            "\tcharacter guideline of RFC 5322\r\n" +
            "Message-ID: <c3@example.com>\r\n" +
            "References: " + string.Join("\r\n ", Enumerable.Range(1, 12).Select(i => $"<thread-{i}.0123456789abcdef@example.com>")) + "\r\n" +
            "X-Long: " + string.Join("\r\n\t", Enumerable.Range(1, 10).Select(i => new string((char)('a' + i), 90))) + "\r\n\r\n" +
            "body\r\n",
            "example.com", Provider),
        CorpusMessage.FromText("body without final CRLF",
            Headers + "Subject: no final CRLF\r\nMessage-ID: <c4@example.com>\r\n\r\nfirst line\r\nlast line has no CRLF",
            "example.com", Provider),
        CorpusMessage.FromText("empty body",
            Headers + "Subject: empty\r\nMessage-ID: <c5@example.com>\r\n\r\n",
            "example.com", Provider),
        CorpusMessage.FromText("trailing blank lines",
            Headers + "Subject: trailing\r\nMessage-ID: <c6@example.com>\r\n\r\ntext\r\n\r\n\r\n\r\n",
            "example.com", Provider),
        CorpusMessage.FromText("multipart/mixed with a base64 attachment",
            Headers + "Subject: attachment\r\nMessage-ID: <c7@example.com>\r\n" + Multipart(),
            "example.com", Provider),
        CorpusMessage.FromText("RFC 2047 Subject",
            Headers + "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?= =?ISO-8859-1?Q?caf=E9?=\r\n" +
            "Message-ID: <c8@example.com>\r\n\r\nencoded words in the subject\r\n",
            "example.com", Provider),
    ];

    public static IReadOnlyList<CorpusMessage> PrecedenceCases { get; } =
    [
        CorpusMessage.FromText("deepest verified subdomain signs",
            Simple("letters@news.example.com", "p1"), "news.example.com", Provider),
        CorpusMessage.FromText("unverified subdomain falls back to its verified parent",
            Simple("sales@other.example.com", "p2"), "example.com", Provider),
        CorpusMessage.FromText("email identity with signing disabled under a signing domain",
            Simple("alerts@example.com", "p3"), Provider),
        CorpusMessage.FromText("email identity with signing enabled under a domain with signing disabled",
            Simple("ceo@example.org", "p4"), "example.org", Provider),
        CorpusMessage.FromText("another address of the domain with signing disabled",
            Simple("staff@example.org", "p5"), Provider),
    ];

    public static IEnumerable<CorpusMessage> All => ContentCases.Concat(PrecedenceCases);

    public static CorpusMessage Named(string name) => All.Single(message => message.Name == name);

    // With a Date and a Message-ID of its own, so that Relay adds neither and the bytes arrive exactly as sent.
    private static string Simple(string from, string id) =>
        $"From: {from}\r\nTo: someone@dest.test\r\nSubject: precedence {id}\r\nDate: Tue, 3 Mar 2026 09:00:00 +0000\r\n" +
        $"Message-ID: <{id}@corpus.test>\r\n\r\nbody {id}\r\n";

    private static string Multipart()
    {
        var attachment = new byte[6000];
        new Random(20260303).NextBytes(attachment);
        var base64 = Convert.ToBase64String(attachment, Base64FormattingOptions.InsertLineBreaks);
        return new StringBuilder()
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: multipart/mixed; boundary=\"=_part_boundary\"\r\n\r\n")
            .Append("This is a multi-part message in MIME format.\r\n")
            .Append("--=_part_boundary\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nsee the attachment\r\n")
            .Append("--=_part_boundary\r\nContent-Type: application/octet-stream; name=\"blob.bin\"\r\n")
            .Append("Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"blob.bin\"\r\n\r\n")
            .Append(base64).Append("\r\n--=_part_boundary--\r\n")
            .ToString();
    }
}

using System.Text;

namespace Relay.Dkim.Tests;

/// <summary>The messages every signing test runs over: the shapes that trip canonicalisers.</summary>
internal static class MessageCorpus
{
    private const string Crlf = "\r\n";

    public static IReadOnlyList<CorpusMessage> All { get; } =
    [
        Message("plain ascii", Headers("Plain") + Crlf + "Hello,\r\n\r\nThis is a plain message.\r\n"),
        Message("8bit utf-8 body", Headers("Grüße", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit")
            + Crlf + "Grüße aus Köln — 東京 — Ωμέγα 🚀\r\nZweite Zeile: äöüß\r\n"),
        Message("lines starting with dots", Headers("Dots") + Crlf + ".\r\n..two dots\r\n.leading dot\r\n. space\r\nend\r\n"),
        Message("long folded headers", LongFoldedHeaders() + Crlf + "Body after long headers.\r\n"),
        Message("body without final CRLF", Headers("No final CRLF") + Crlf + "first line\r\nlast line without newline", bodyLacksFinalCrlf: true),
        Message("empty body", Headers("Empty body") + Crlf),
        Message("headers only, no separator", Headers("Headers only")),
        Message("headers only, last line unterminated", "From: sender@example.com\r\nTo: rcpt@example.net\r\nSubject: unterminated"),
        Message("trailing blank lines", Headers("Trailing blanks") + Crlf + "text\r\n\r\n\r\n\r\n"),
        Message("body of blank lines only", Headers("Only blanks") + Crlf + "\r\n\r\n\r\n"),
        Message("whitespace kept by simple canonicalisation", Headers("Spaces") + Crlf + "trailing spaces   \r\n\ttab-led line\t\r\n  two  spaces  \r\n"),
        Message("multipart with base64 attachment", Multipart()),
        Message("rfc2047 subject", Headers("=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?= und =?ISO-8859-1?Q?caf=E9?=") + Crlf + "Encoded subject.\r\n"),
        Message("odd-case header names", "fROM: Sender <sender@example.com>\r\nTO: rcpt@example.net\r\nsubject: odd case\r\nDATE: Sun, 1 Mar 2026 12:00:00 +0000\r\n"
            + "message-id: <odd@example.com>\r\nmime-VERSION: 1.0\r\ncontent-type: text/plain; charset=us-ascii\r\n\r\nOdd case.\r\n"),
        Message("white space before the colon", "From : Sender <sender@example.com>\r\nTo\t: rcpt@example.net\r\nSubject  :  spaced  out \r\nDate: Sun, 1 Mar 2026 12:00:00 +0000\r\n\r\nSpaced.\r\n",
            pythonDkimCanParse: false),
        Message("To and Cc repeated", "From: sender@example.com\r\nTo: first@example.net\r\nCc: copy1@example.net\r\nSubject: repeats\r\n"
            + "To: second@example.net\r\nCc: copy2@example.net\r\nDate: Sun, 1 Mar 2026 12:00:00 +0000\r\n\r\nRepeated recipients.\r\n"),
        Message("unsigned fields mixed in", "Received: from a by b; Sun, 1 Mar 2026 12:00:00 +0000\r\nX-Mailer: test\r\n" + Headers("Mixed")
            + "Bcc: hidden@example.net\r\nX-Trailing: yes\r\n\r\nBody.\r\n"),
    ];

    public static string Headers(string subject, params string[] extra)
    {
        var builder = new StringBuilder()
            .Append("From: Sender Name <sender@example.com>\r\n")
            .Append("To: Recipient <rcpt@example.net>\r\n")
            .Append("Subject: ").Append(subject).Append(Crlf)
            .Append("Date: Sun, 1 Mar 2026 12:00:00 +0000\r\n")
            .Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append("@example.com>\r\n")
            .Append("MIME-Version: 1.0\r\n");
        foreach (var line in extra)
        {
            builder.Append(line).Append(Crlf);
        }

        return builder.ToString();
    }

    private static CorpusMessage Message(string name, string text, bool pythonDkimCanParse = true, bool bodyLacksFinalCrlf = false) =>
        new(name, Encoding.UTF8.GetBytes(text), pythonDkimCanParse, bodyLacksFinalCrlf);

    private static string LongFoldedHeaders()
    {
        var recipients = Enumerable.Range(1, 40).Select(i => $"Recipient Number {i} <rcpt{i}@example.net>");
        return "From: Sender <sender@example.com>\r\n"
            + "To: " + string.Join(",\r\n    ", recipients) + Crlf
            + "Subject: a subject long enough that it was folded\r\n over several lines\r\n\tby a client that likes tabs\r\n   and spaces\r\n"
            + "Date: Sun, 1 Mar 2026 12:00:00 +0000\r\n"
            + "References: <a@example.com>\r\n <b@example.com>\r\n <c@example.com>\r\n"
            + "In-Reply-To: <c@example.com>\r\n"
            + "Reply-To: replies@example.com\r\n";
    }

    private static string Multipart()
    {
        var attachment = Convert.ToBase64String(Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray(), Base64FormattingOptions.InsertLineBreaks);
        return Headers("Multipart", "Content-Type: multipart/mixed;\r\n boundary=\"=_boundary_42\"")
            + Crlf
            + "This is a multi-part message in MIME format.\r\n"
            + "--=_boundary_42\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + Crlf
            + "See the attachment =E2=80=94 thanks.\r\n"
            + "--=_boundary_42\r\n"
            + "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
            + "Content-Disposition: attachment; filename=\"data.bin\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + Crlf
            + attachment + Crlf
            + "--=_boundary_42--\r\n"
            + "epilogue text\r\n";
    }
}

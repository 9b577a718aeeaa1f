using System.Text;
using MimeKit;
using Relay.Core.Ingestion;

namespace Relay.Core.Tests;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SevenBitDowngradeTests
{
    private const string Greeting = "Grüße aus Köln – ça va? 日本語\r\nzweite Zeile\r\n";

    private string _tempDirectory = null!;

    [SetUp]
    public void CreateTempDirectory() => _tempDirectory = Directory.CreateTempSubdirectory("relay-7bit-").FullName;

    [TearDown]
    public void DeleteTempDirectory() => Directory.Delete(_tempDirectory, recursive: true);

    private SevenBitDowngrade Downgrade() => new(new ContentBufferFactory(_tempDirectory, 1 << 20));

    private static MemoryStream Source(string text) => new(Encoding.UTF8.GetBytes(text));

    private static byte[] Bytes(Stream stream)
    {
        stream.Position = 0;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        stream.Position = 0;
        return copy.ToArray();
    }

    /// <summary>Converts, and checks what every conversion must give: the Converted outcome, 7-bit octets, CRLF only.</summary>
    private async Task<(SevenBitDowngradeResult Result, byte[] Output)> ConvertedAsync(Stream source)
    {
        var result = await Downgrade().ConvertAsync(source, CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(SevenBitDowngradeOutcome.Converted));
        var output = Bytes(result.Content!);
        await result.Content!.DisposeAsync();
        AssertSevenBitWithCrlf(output);
        return (result, output);
    }

    private static void AssertSevenBitWithCrlf(byte[] output)
    {
        Assert.That(output.Where(b => b >= 0x80), Is.Empty, "8-bit octets remain");
        for (var i = 0; i < output.Length; i++)
        {
            Assert.That(output[i] != '\n' || (i > 0 && output[i - 1] == '\r'), Is.True, $"bare LF at {i}");
            Assert.That(output[i] != '\r' || (i + 1 < output.Length && output[i + 1] == '\n'), Is.True, $"bare CR at {i}");
        }
    }

    [Test]
    public async Task An_8bit_utf8_text_body_becomes_quoted_printable_with_crlf_and_decodes_to_the_same_text()
    {
        var source = Source("From: a@example.com\r\nSubject: hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n" +
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + Greeting);

        var (result, output) = await ConvertedAsync(source);

        Assert.That(result.ConvertedParts, Is.EqualTo(1));
        var text = Encoding.ASCII.GetString(output);
        Assert.That(text, Does.StartWith("From: a@example.com\r\nSubject: hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"));
        Assert.That(text, Does.Contain("Content-Transfer-Encoding: quoted-printable\r\n"));
        var decoded = (TextPart)MimeMessage.Load(new MemoryStream(output)).Body!;
        Assert.That(decoded.Text.ReplaceLineEndings("\r\n"), Is.EqualTo(Greeting));
        Assert.That(source.Position, Is.Zero);
    }

    [Test]
    public async Task In_a_multipart_only_the_8bit_part_changes()
    {
        const string attachment = "Content-Type: application/octet-stream; name=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAwQFBgcICQ==\r\n";
        const string sevenBitPart = "Content-Type: text/plain\r\n\r\nplain ascii, a line longer than seventy-eight characters stays as it is, unfolded\r\n";
        var source = Source("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
            "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + Greeting +
            "--b1\r\n" + attachment + "--b1\r\n" + sevenBitPart + "--b1--\r\n");

        var (result, output) = await ConvertedAsync(source);

        Assert.That(result.ConvertedParts, Is.EqualTo(1));
        var text = Encoding.ASCII.GetString(output);
        Assert.That(text, Does.Contain("--b1\r\n" + attachment + "--b1\r\n" + sevenBitPart + "--b1--\r\n"));
        var parts = MimeMessage.Load(new MemoryStream(output)).BodyParts.OfType<MimePart>().ToList();
        Assert.That(parts.Select(p => p.ContentTransferEncoding),
            Is.EqualTo(new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64, ContentEncoding.Default }));
        Assert.That(((TextPart)parts[0]).Text.ReplaceLineEndings("\r\n"), Is.EqualTo(Greeting.TrimEnd('\r', '\n')));
    }

    [Test]
    public async Task A_binary_part_becomes_base64_with_the_same_octets()
    {
        var payload = new byte[] { 0x00, 0x01, 0xFE, 0xFF, 0x80, 0x41, 0xC3, 0xA9 };
        var head = Encoding.ASCII.GetBytes("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n" +
            "Content-Transfer-Encoding: binary\r\n\r\n");
        var source = new MemoryStream([.. head, .. payload]);

        var (_, output) = await ConvertedAsync(source);

        Assert.That(Encoding.ASCII.GetString(output), Does.Contain("Content-Transfer-Encoding: base64\r\n"));
        var part = (MimePart)MimeMessage.Load(new MemoryStream(output)).Body!;
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.That(decoded.ToArray(), Is.EqualTo(payload));
    }

    [Test]
    public async Task An_8bit_octet_under_a_7bit_label_is_encoded_too()
    {
        var source = Source("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + Greeting);

        var (_, output) = await ConvertedAsync(source);

        Assert.That(Encoding.ASCII.GetString(output), Does.Contain("Content-Transfer-Encoding: quoted-printable\r\n"));
    }

    [Test]
    public async Task A_message_without_mime_version_gets_one_when_a_part_is_encoded()
    {
        var source = Source("From: a@example.com\r\nSubject: old style\r\n\r\n" + Greeting);

        var (_, output) = await ConvertedAsync(source);

        Assert.That(Encoding.ASCII.GetString(output), Does.Contain("MIME-Version: 1.0\r\n").And.Contain("Content-Transfer-Encoding: quoted-printable\r\n"));
    }

    [TestCase("Subject: Grüße\r\n")]
    [TestCase("Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline; filename=\"résumé.txt\"\r\n")]
    public async Task An_8bit_header_field_cannot_be_converted(string field)
    {
        var source = Source("From: a@example.com\r\nMIME-Version: 1.0\r\n" + field + "Content-Transfer-Encoding: 8bit\r\n\r\n" + Greeting);

        var result = await Downgrade().ConvertAsync(source, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(SevenBitDowngradeOutcome.EightBitHeader));
        Assert.That(result.Content, Is.Null);
        Assert.That(source.Position, Is.Zero);
    }

    [Test]
    public async Task An_8bit_header_in_an_attached_message_cannot_be_converted()
    {
        var source = Source("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "From: b@example.com\r\nSubject: Grüße\r\n\r\nbody\r\n");

        var result = await Downgrade().ConvertAsync(source, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(SevenBitDowngradeOutcome.EightBitHeader));
    }

    [Test]
    public async Task An_8bit_preamble_is_not_convertible()
    {
        var source = Source("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
            "Präambel\r\n--b1\r\nContent-Type: text/plain\r\n\r\nascii\r\n--b1--\r\n");

        var result = await Downgrade().ConvertAsync(source, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(SevenBitDowngradeOutcome.NotConvertible));
        Assert.That(result.Content, Is.Null);
        Assert.That(Directory.GetFiles(_tempDirectory), Is.Empty);
    }

    [Test]
    public async Task A_7bit_message_passes_untouched()
    {
        const string text = "From: a@example.com\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\nonly ascii\r\n";
        var source = Source(text);

        var result = await Downgrade().ConvertAsync(source, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(SevenBitDowngradeOutcome.AlreadySevenBit));
        Assert.That(result.Content, Is.Null);
        Assert.That(Bytes(source), Is.EqualTo(Encoding.ASCII.GetBytes(text)));
        Assert.That(source.Position, Is.Zero);
    }

    [Test]
    public async Task A_nested_message_part_relabels_its_8bit_label_once_its_content_is_encoded()
    {
        var source = Source("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "From: b@example.com\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + Greeting);

        var (_, output) = await ConvertedAsync(source);

        var text = Encoding.ASCII.GetString(output);
        Assert.That(text, Does.Contain("Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 7bit\r\n"));
        Assert.That(text, Does.Contain("Content-Transfer-Encoding: quoted-printable\r\n"));
    }
}

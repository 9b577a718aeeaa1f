using System.Text;
using MimeKit;
using Relay.Api.Http;
using Relay.Api.Tests.Support;

namespace Relay.Api.Tests;

/// <summary>
/// SESv2 SendEmail's <c>Content.Simple.Headers</c> and <c>Content.Simple.Attachments</c>: built into the message (read
/// back with MimeKit), checked as the SES v2 model and the SES developer guide ("Amazon SES header fields") say.
/// </summary>
public sealed class SimpleContentTests
{
    private const string Unsubscribe = "<https://example.com/unsubscribe?u=42&l=news>, <mailto:unsubscribe@example.com?subject=unsubscribe>";

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    /// <summary>Every byte value, twice, with CR, LF and NUL among them: only a binary-safe encoding keeps them.</summary>
    private static byte[] Binary { get; } = [.. Encoding.ASCII.GetBytes("%PDF-1.7\n"), .. Enumerable.Range(0, 512).Select(i => (byte)(i % 256))];

    private static readonly string[] RefusedNames =
        ["BCC", "CC", "Content-Disposition", "Content-Type", "Date", "From", "Message-ID", "MIME-Version", "Reply-To", "Return-Path", "Subject", "To",
         "bcc", "content-type", "message-id", "Content-Transfer-Encoding"];

    [Test]
    public async Task Headers_reach_the_message_with_their_exact_values()
    {
        var (_, content) = await SendAsync(headers:
        [
            new { Name = "List-Unsubscribe", Value = Unsubscribe },
            new { Name = "List-Unsubscribe-Post", Value = "List-Unsubscribe=One-Click" },
            new { Name = "X-Campaign", Value = " two  spaces and =?utf-8?q?not-encoded?= " },
        ]);

        var parsed = Parse(content);
        Assert.That(parsed.Headers["List-Unsubscribe"], Is.EqualTo(Unsubscribe));
        Assert.That(parsed.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        var wire = Encoding.ASCII.GetString(content);
        Assert.That(wire, Does.Contain("\r\nList-Unsubscribe: " + Unsubscribe + "\r\n"), "one line, as given");
        Assert.That(wire, Does.Contain("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        Assert.That(wire, Does.Contain("\r\nX-Campaign:  two  spaces and =?utf-8?q?not-encoded?= \r\n"), "the value is not re-encoded or trimmed");
        Assert.That(wire.IndexOf("\r\n\r\n", StringComparison.Ordinal), Is.GreaterThan(wire.IndexOf("X-Campaign", StringComparison.Ordinal)),
            "the headers are in the message's header section");
        Assert.That(parsed.Body, Is.TypeOf<TextPart>(), "headers alone do not change the body");
    }

    [Test]
    public async Task A_header_value_at_the_model_limits_is_one_line_within_998_octets()
    {
        var value = new string('v', 995);
        var name = new string('N', 1);

        var (_, content) = await SendAsync(headers: [new { Name = name, Value = value }]);

        var line = Encoding.ASCII.GetString(content).Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        Assert.That(line, Is.EqualTo(name + ": " + value));
        Assert.That(line.Length, Is.LessThanOrEqualTo(998));
    }

    [TestCaseSource(nameof(RefusedNames))]
    public async Task A_header_that_SES_sets_itself_is_refused_naming_it(string name)
    {
        var response = await SendForResponseAsync(headers: [new { Name = "X-Fine", Value = "ok" }, new { Name = name, Value = "x@example.com" }]);

        AssertRefused(response, name);
    }

    [TestCase("Bad:Name")]
    [TestCase("Bad Name")]
    [TestCase("Grüße")]
    [TestCase("Tab\tName")]
    [TestCase("")]
    public async Task A_header_name_outside_printable_ascii_or_with_a_colon_is_refused(string name)
    {
        var response = await SendForResponseAsync(headers: [new { Name = name, Value = "v" }]);

        AssertRefused(response, "Name");
    }

    [Test]
    public async Task A_header_name_longer_than_126_characters_is_refused() =>
        AssertRefused(await SendForResponseAsync(headers: [new { Name = new string('N', 127), Value = "v" }]), "126");

    [TestCase("")]
    [TestCase("line\r\nBcc: victim@dest.example")]
    [TestCase("bare\nlf")]
    [TestCase("tab\tvalue")]
    [TestCase("Grüße")]
    public async Task A_header_value_outside_printable_ascii_is_refused(string value)
    {
        var response = await SendForResponseAsync(headers: [new { Name = "X-Value", Value = value }]);

        AssertRefused(response, "X-Value");
    }

    [Test]
    public async Task A_header_value_longer_than_995_or_a_field_longer_than_996_is_refused()
    {
        var tooLong = await SendForResponseAsync(headers: [new { Name = "X", Value = new string('v', 996) }]);
        var fieldTooLong = await SendForResponseAsync(headers: [new { Name = "XY", Value = new string('v', 995) }]);

        AssertRefused(tooLong, "995");
        AssertRefused(fieldTooLong, "996");
    }

    [Test]
    public async Task Fifteen_headers_are_taken_and_sixteen_are_refused()
    {
        var fifteen = Enumerable.Range(1, 15).Select(i => (object)new { Name = $"X-H{i}", Value = $"v{i}" }).ToArray();
        var sixteen = Enumerable.Range(1, 16).Select(i => (object)new { Name = $"X-H{i}", Value = $"v{i}" }).ToArray();

        var (_, content) = await SendAsync(headers: fifteen);
        var refused = await SendForResponseAsync(headers: sixteen);

        var parsed = Parse(content);
        Assert.That(Enumerable.Range(1, 15).Select(i => parsed.Headers[$"X-H{i}"]), Is.EqualTo(Enumerable.Range(1, 15).Select(i => $"v{i}")));
        AssertRefused(refused, "15", ingestedBefore: 1);
    }

    [Test]
    public async Task A_header_SES_allows_once_is_refused_twice_and_another_may_repeat()
    {
        var duplicate = await SendForResponseAsync(headers:
            [new { Name = "List-Unsubscribe", Value = "<mailto:a@example.com>" }, new { Name = "list-unsubscribe", Value = "<mailto:b@example.com>" }]);
        var (_, content) = await SendAsync(headers: [new { Name = "X-Tag", Value = "a" }, new { Name = "X-Tag", Value = "b" }]);

        AssertRefused(duplicate, "Duplicate header 'list-unsubscribe'", ingestedBefore: 1);
        Assert.That(Parse(content).Headers.Where(h => h.Field == "X-Tag").Select(h => h.Value), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task A_binary_attachment_goes_after_the_body_in_multipart_mixed_as_base64_and_its_bytes_round_trip()
    {
        var (message, content) = await SendAsync(attachments: [new { FileName = "report.pdf", RawContent = Convert.ToBase64String(Binary) }]);

        var parsed = Parse(content);
        var mixed = (Multipart)parsed.Body!;
        Assert.That(mixed.ContentType.MimeType, Is.EqualTo("multipart/mixed"));
        Assert.That(mixed, Has.Count.EqualTo(2));
        Assert.That(((TextPart)mixed[0]).Text.TrimEnd(), Is.EqualTo("plain body"));
        var pdf = (MimePart)mixed[1];
        Assert.That(pdf.ContentType.MimeType, Is.EqualTo("application/pdf"), "from the file name's extension");
        Assert.That(pdf.ContentDisposition?.Disposition, Is.EqualTo(ContentDisposition.Attachment), "the default");
        Assert.That(pdf.FileName, Is.EqualTo("report.pdf"));
        Assert.That(pdf.ContentTransferEncoding, Is.EqualTo(ContentEncoding.Base64), "the default");
        Assert.That(pdf.ContentId, Is.Null);
        Assert.That(Decoded(pdf), Is.EqualTo(Binary));
        Assert.That(message.EightBitMime, Is.False);
        Assert.That(content.Any(b => b >= 0x80 || b == 0), Is.False, "the built message stays 7-bit");
    }

    [Test]
    public async Task An_inline_image_with_a_content_id_is_related_to_the_html_and_an_attachment_mixed_after_both()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0xFF];
        var (_, content) = await SendAsync(
            html: "<p><img src=\"cid:logo@example.com\"></p>",
            attachments:
            [
                new { FileName = "logo.png", RawContent = Convert.ToBase64String(png), ContentDisposition = "INLINE", ContentId = "logo@example.com", ContentDescription = "Our logo" },
                new { FileName = "terms.pdf", RawContent = Convert.ToBase64String(Binary), ContentDisposition = "ATTACHMENT", ContentId = (string?)null, ContentDescription = "Terms, v2 — signed" },
            ]);

        var parsed = Parse(content);
        var mixed = (Multipart)parsed.Body!;
        Assert.That(mixed.ContentType.MimeType, Is.EqualTo("multipart/mixed"));
        var alternative = (MultipartAlternative)mixed[0];
        Assert.That(((TextPart)alternative[0]).IsPlain, Is.True);
        var related = (MultipartRelated)alternative[1];
        Assert.That(((TextPart)related[0]).IsHtml, Is.True, "the HTML is the root of multipart/related");
        Assert.That(related.ContentType.Parameters["type"], Is.EqualTo("text/html"));
        var logo = (MimePart)related[1];
        Assert.That(logo.ContentType.MimeType, Is.EqualTo("image/png"));
        Assert.That(logo.ContentDisposition?.Disposition, Is.EqualTo(ContentDisposition.Inline));
        Assert.That(logo.ContentId, Is.EqualTo("logo@example.com"));
        Assert.That(logo.Headers[HeaderId.ContentId], Is.EqualTo("<logo@example.com>"));
        Assert.That(logo.ContentDescription, Is.EqualTo("Our logo"));
        Assert.That(Decoded(logo), Is.EqualTo(png));
        Assert.That(related.Root, Is.SameAs(related[0]));
        var terms = (MimePart)mixed[1];
        Assert.That(terms.FileName, Is.EqualTo("terms.pdf"));
        Assert.That(terms.ContentDescription, Is.EqualTo("Terms, v2 — signed"), "non-ASCII description, encoded");
        Assert.That(Decoded(terms), Is.EqualTo(Binary));
        Assert.That(mixed, Has.Count.EqualTo(2));
        Assert.That(content.Any(b => b >= 0x80), Is.False);
    }

    [Test]
    public async Task An_inline_part_without_html_to_relate_to_is_mixed_inline_and_keeps_its_content_id()
    {
        var (_, content) = await SendAsync(attachments:
            [new { FileName = "chart.gif", RawContent = Convert.ToBase64String([1, 2, 3]), ContentDisposition = "INLINE", ContentId = "<chart>" }]);

        var mixed = (Multipart)Parse(content).Body!;
        Assert.That(mixed.ContentType.MimeType, Is.EqualTo("multipart/mixed"));
        var chart = (MimePart)mixed[1];
        Assert.That(chart.ContentDisposition?.Disposition, Is.EqualTo(ContentDisposition.Inline));
        Assert.That(chart.ContentId, Is.EqualTo("chart"), "angle brackets given are not doubled");
        Assert.That(chart.ContentType.MimeType, Is.EqualTo("image/gif"));
    }

    [Test]
    public async Task The_transfer_encodings_are_the_ones_asked_for_and_the_content_round_trips()
    {
        var latin = Encoding.UTF8.GetBytes("Grüße, a long line " + new string('x', 120) + "\r\nsecond line\r\n");
        var ascii = Encoding.ASCII.GetBytes("plain ascii line " + new string('y', 200) + "\r\nend\r\n");
        var (_, content) = await SendAsync(attachments:
        [
            new { FileName = "notes.txt", RawContent = Convert.ToBase64String(latin), ContentTransferEncoding = "QUOTED_PRINTABLE", ContentType = "text/plain; charset=utf-8" },
            new { FileName = "data.csv", RawContent = Convert.ToBase64String(ascii), ContentTransferEncoding = "SEVEN_BIT", ContentType = (string?)null },
        ]);

        var mixed = (Multipart)Parse(content).Body!;
        var notes = (MimePart)mixed[1];
        var data = (MimePart)mixed[2];
        Assert.That(notes.Headers[HeaderId.ContentTransferEncoding], Is.EqualTo("quoted-printable"));
        Assert.That(notes.ContentType.Charset, Is.EqualTo("utf-8"), "the ContentType given is kept");
        Assert.That(Decoded(notes), Is.EqualTo(latin));
        Assert.That(data.Headers[HeaderId.ContentTransferEncoding], Is.EqualTo("7bit"), "7bit as asked, though a line is longer than 78");
        Assert.That(data.ContentType.MimeType, Is.EqualTo("text/csv"));
        Assert.That(Decoded(data), Is.EqualTo(ascii));
        Assert.That(Encoding.ASCII.GetString(content), Does.Contain("plain ascii line " + new string('y', 200) + "\r\n"));
    }

    [Test]
    public async Task A_file_name_without_a_known_extension_is_application_octet_stream_and_a_non_ascii_one_is_encoded()
    {
        var (_, content) = await SendAsync(attachments:
        [
            new { FileName = "blob.unknownext", RawContent = Convert.ToBase64String([7]) },
            new { FileName = "Übersicht 2026.pdf", RawContent = Convert.ToBase64String([8]) },
        ]);

        var mixed = (Multipart)Parse(content).Body!;
        Assert.That(((MimePart)mixed[1]).ContentType.MimeType, Is.EqualTo("application/octet-stream"));
        Assert.That(((MimePart)mixed[2]).FileName, Is.EqualTo("Übersicht 2026.pdf"));
        Assert.That(content.Any(b => b >= 0x80), Is.False);
    }

    [TestCase("{\"RawContent\":\"AQI=\"}", "FileName")]
    [TestCase("{\"FileName\":\"a.bin\"}", "RawContent")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"not base64!\"}", "RawContent")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"AQI=\",\"ContentDisposition\":\"FORM-DATA\"}", "ContentDisposition")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"AQI=\",\"ContentTransferEncoding\":\"BINARY\"}", "ContentTransferEncoding")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"gA==\",\"ContentTransferEncoding\":\"SEVEN_BIT\"}", "SEVEN_BIT")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"YQ1i\",\"ContentTransferEncoding\":\"SEVEN_BIT\"}", "SEVEN_BIT")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"AQI=\",\"ContentType\":\"not a type\"}", "ContentType")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"AQI=\",\"ContentId\":\"two words\"}", "ContentId")]
    [TestCase("{\"FileName\":\"a\\r\\nb.bin\",\"RawContent\":\"AQI=\"}", "FileName")]
    [TestCase("{\"FileName\":\"a.bin\",\"RawContent\":\"AQI=\",\"ContentDescription\":\"x\\r\\nBcc: v@dest.example\"}", "ContentDescription")]
    public async Task A_malformed_attachment_is_refused_naming_the_field(string attachment, string named)
    {
        var body = "{\"FromEmailAddress\":\"news@example.com\",\"Destination\":{\"ToAddresses\":[\"a@dest.example\"]},"
            + "\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"s\"},\"Body\":{\"Text\":{\"Data\":\"t\"}},\"Attachments\":[" + attachment + "]}}}";

        var response = await _harness.RestAsync("POST", "/v2/email/outbound-emails", System.Text.Json.JsonDocument.Parse(body).RootElement);

        AssertRefused(response, named);
    }

    [TestCase("setup.exe")]
    [TestCase("Script.PS1")]
    [TestCase("invoice.pdf.js")]
    public async Task An_attachment_of_a_type_SES_does_not_accept_is_refused_naming_it(string fileName)
    {
        var response = await SendForResponseAsync(attachments: [new { FileName = fileName, RawContent = Convert.ToBase64String([1]) }]);

        AssertRefused(response, fileName);
    }

    [Test]
    public async Task An_archive_or_a_name_without_an_extension_is_accepted()
    {
        var (_, content) = await SendAsync(attachments:
            [new { FileName = "photos.zip", RawContent = Convert.ToBase64String([1]) }, new { FileName = "README", RawContent = Convert.ToBase64String([2]) }]);

        var mixed = (Multipart)Parse(content).Body!;
        Assert.That(mixed.Skip(1).Cast<MimePart>().Select(p => p.FileName), Is.EqualTo(new[] { "photos.zip", "README" }));
    }

    [Test]
    public async Task Attachments_that_make_the_message_larger_than_MaxMessageSize_are_refused()
    {
        using var small = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, MaxMessageSize = 4096 });
        _harness.Dispose();
        _harness = small;

        var fits = await SendForResponseAsync(attachments: [new { FileName = "a.bin", RawContent = Convert.ToBase64String(new byte[1024]) }]);
        var tooLarge = await SendForResponseAsync(attachments: [new { FileName = "a.bin", RawContent = Convert.ToBase64String(new byte[3072]) }]);

        Assert.That(fits.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(fits.Body));
        AssertRefused(tooLarge, "4096", ingestedBefore: 1);
    }

    private async Task<(Relay.Core.Ingestion.InboundMessage Message, byte[] Content)> SendAsync(
        object[]? headers = null, object[]? attachments = null, string? html = null)
    {
        var response = await SendForResponseAsync(headers, attachments, html);
        Assert.That(response.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(response.Body));
        return _harness.Ingestion.Received.Last();
    }

    private Task<ApiResponse> SendForResponseAsync(object[]? headers = null, object[]? attachments = null, string? html = null) =>
        _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "Shop <news@example.com>",
            Destination = new { ToAddresses = new[] { "a@dest.example" } },
            Content = new
            {
                Simple = new
                {
                    Subject = new { Data = "with extras" },
                    Body = html is null
                        ? (object)new { Text = new { Data = "plain body" } }
                        : new { Text = new { Data = "plain body" }, Html = new { Data = html } },
                    Headers = headers,
                    Attachments = attachments,
                },
            },
        });

    private void AssertRefused(ApiResponse response, string named, int ingestedBefore = 0)
    {
        RestActionTests.AssertError(response, 400, "BadRequestException");
        Assert.That(ApiHarness.Json(response).GetProperty("message").GetString(), Does.Contain(named));
        Assert.That(_harness.Ingestion.Received, Has.Count.EqualTo(ingestedBefore), "a refused message is never ingested");
    }

    private static MimeMessage Parse(byte[] content) => MimeMessage.Load(new MemoryStream(content));

    private static byte[] Decoded(MimePart part)
    {
        using var output = new MemoryStream();
        part.Content!.DecodeTo(output);
        return output.ToArray();
    }
}

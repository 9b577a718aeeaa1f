using System.Text;
using MimeKit;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// SESv2 SendEmail with Simple content's Headers (List-Unsubscribe, List-Unsubscribe-Post: what Gmail and Yahoo ask
/// of bulk senders) and Attachments (a binary file and an inline image the HTML refers to), through the SDKs whose
/// model has them: the delivered message carries them, byte for byte, and both signatures verify.
/// Debian's boto3 1.26 predates these shapes; <see cref="SimpleContentThroughOldBoto3Tests"/> pins what it does.
/// </summary>
[TestFixtureSource(nameof(Sdks))]
public sealed class SimpleContentThroughSdkTests(string sdkName) : SdkFixture(sdkName)
{
    /// <summary>The SDKs with the current SES v2 model (Message.Headers and Message.Attachments).</summary>
    public static readonly string[] Sdks = [SdkClient.Boto3CurrentName, SdkClient.JsV3Name];

    private const string Unsubscribe = "<https://example.com/unsubscribe?u=42>, <mailto:unsubscribe@example.com?subject=unsubscribe>";
    private const string OneClick = "List-Unsubscribe=One-Click";

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n%\u00e2\u00e3\n"u8, .. Enumerable.Range(0, 3000).Select(i => (byte)((i * 7) % 256))];
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0xFF, 0x00];

    private IReadOnlyDictionary<string, string>? _records;

    [SetUp]
    public async Task VerifyExampleComAsync()
    {
        await Relay.Identities.CreateIdentityAsync("shop", "example.com", signing: null, CancellationToken.None);
        // Verified, so that a refusal below can only be about the content.
        _records = await Relay.MarkDkimSuccessAsync("shop", "example.com");
    }

    [Test]
    public async Task List_unsubscribe_headers_a_pdf_and_an_inline_image_are_delivered_and_both_signatures_verify()
    {
        var sent = (await Sdk.CallAsync("sesv2", "SendEmail", Message(
            headers: [new { Name = "List-Unsubscribe", Value = Unsubscribe }, new { Name = "List-Unsubscribe-Post", Value = OneClick }],
            attachments:
            [
                new { FileName = "invoice.pdf", RawContent = SdkClient.Bytes(Pdf), ContentDescription = "Invoice 42" },
                new { FileName = "logo.png", RawContent = SdkClient.Bytes(Png), ContentDisposition = "INLINE", ContentId = "logo" },
            ]))).Json();

        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);
        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
        var wire = Encoding.ASCII.GetString(delivered.Data);
        Assert.That(wire, Does.Contain("\r\nList-Unsubscribe: " + Unsubscribe + "\r\n"));
        Assert.That(wire, Does.Contain("\r\nList-Unsubscribe-Post: " + OneClick + "\r\n"));
        Assert.That(delivered.Data.Any(b => b >= 0x80), Is.False, "the built message is 7-bit");

        var message = MimeMessage.Load(new MemoryStream(delivered.Data));
        var mixed = (Multipart)message.Body!;
        Assert.That(mixed.ContentType.MimeType, Is.EqualTo("multipart/mixed"));
        var alternative = (MultipartAlternative)mixed[0];
        Assert.That(((TextPart)alternative[0]).Text.TrimEnd(), Is.EqualTo("Plain text."));
        var related = (MultipartRelated)alternative[1];
        Assert.That(((TextPart)related[0]).IsHtml, Is.True);
        var logo = (MimePart)related[1];
        Assert.That(logo.ContentId, Is.EqualTo("logo"));
        Assert.That(logo.ContentDisposition?.Disposition, Is.EqualTo(ContentDisposition.Inline));
        Assert.That(logo.ContentType.MimeType, Is.EqualTo("image/png"));
        Assert.That(Decoded(logo), Is.EqualTo(Png));
        var invoice = (MimePart)mixed[1];
        Assert.That(invoice.FileName, Is.EqualTo("invoice.pdf"));
        Assert.That(invoice.ContentType.MimeType, Is.EqualTo("application/pdf"));
        Assert.That(invoice.ContentDisposition?.Disposition, Is.EqualTo(ContentDisposition.Attachment));
        Assert.That(invoice.ContentTransferEncoding, Is.EqualTo(ContentEncoding.Base64));
        Assert.That(invoice.ContentDescription, Is.EqualTo("Invoice 42"));
        Assert.That(Decoded(invoice), Is.EqualTo(Pdf));

        await BothSignatures.AssertPassAsync(delivered.Data, _records!, "example.com");
        // RFC 8058 section 4: one-click unsubscription counts only when both fields are under a valid DKIM signature.
        var signature = message.Headers.First(h => h.Id == HeaderId.DkimSignature).Value;
        var signed = signature.Split(';').Select(t => t.Trim()).Single(t => t.StartsWith("h=", StringComparison.Ordinal))[2..]
            .Split(':').Select(n => n.Trim().ToLowerInvariant()).ToList();
        Assert.That(signed, Does.Contain("list-unsubscribe").And.Contain("list-unsubscribe-post"), signature);
    }

    [Test]
    public async Task A_header_SES_sets_itself_is_BadRequestException_naming_it_and_nothing_is_sent()
    {
        var result = await Sdk.CallAsync("sesv2", "SendEmail", Message(headers: [new { Name = "Return-Path", Value = "eve@unverified.test" }], attachments: []));

        result.AssertError("BadRequestException");
        Assert.That(result.HttpStatus, Is.EqualTo(400));
        Assert.That(result.ErrorMessage, Does.Contain("Return-Path"));
        Assert.That(Relay.Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Seven_bit_content_that_is_not_7_bit_is_BadRequestException()
    {
        var result = await Sdk.CallAsync("sesv2", "SendEmail", Message(headers: [], attachments:
            [new { FileName = "notes.txt", RawContent = SdkClient.Bytes(Pdf), ContentTransferEncoding = "SEVEN_BIT" }]));

        result.AssertError("BadRequestException");
        Assert.That(result.ErrorMessage, Does.Contain("SEVEN_BIT"));
    }

    internal static object Message(object[] headers, object[] attachments) => new
    {
        FromEmailAddress = "Shop <news@example.com>",
        Destination = new { ToAddresses = new[] { "someone@dest.test" } },
        Content = new
        {
            Simple = new
            {
                Subject = new { Data = "Your invoice" },
                Body = new { Text = new { Data = "Plain text." }, Html = new { Data = "<p><img src=\"cid:logo\"> Your invoice.</p>" } },
                Headers = headers,
                Attachments = attachments,
            },
        },
    };

    private static byte[] Decoded(MimePart part)
    {
        using var output = new MemoryStream();
        part.Content!.DecodeTo(output);
        return output.ToArray();
    }
}

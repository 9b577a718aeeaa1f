using System.Text;
using MimeKit;
using Relay.Api.Tests.Support;
using Relay.Core.Ingestion;

namespace Relay.Api.Tests;

/// <summary>SendEmail and SendRawEmail (v1 and v2) hand the ingestion path a CRLF message and the envelope; its verdict maps to SES errors.</summary>
public sealed class SendingTests
{
    private const string Raw = "From: Shop <news@example.com>\nTo: a@dest.example\nCc: b@dest.example\nSubject: hi\n\nbody line\n";

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task SendEmail_builds_a_crlf_mime_message_and_sends_it_as_the_account()
    {
        var response = await _harness.QueryAsync("SendEmail",
        [
            ("Source", "Shop <news@example.com>"),
            ("Destination.ToAddresses.member.1", "a@dest.example"),
            ("Destination.CcAddresses.member.1", "b@dest.example"),
            ("Destination.BccAddresses.member.1", "hidden@dest.example"),
            ("ReplyToAddresses.member.1", "help@example.com"),
            ("Message.Subject.Data", "Grüße"),
            ("Message.Body.Text.Data", "plain ü"),
            ("Message.Body.Html.Data", "<p>html</p>"),
            ("Tags.member.1.Name", "k"),
            ("Tags.member.1.Value", "v"),
        ]);

        Assert.That(response.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(response.Body));
        var (message, content) = _harness.Ingestion.Received.Single();
        Assert.That(message.AccountId, Is.EqualTo("shop"));
        Assert.That(message.FrontDoor, Is.EqualTo("api"));
        Assert.That(message.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(message.Recipients, Is.EqualTo(new[] { "a@dest.example", "b@dest.example", "hidden@dest.example" }));
        Assert.That(message.EightBitMime, Is.False, "the built message is 7-bit");
        var text = Encoding.ASCII.GetString(content);
        Assert.That(text.Replace("\r\n", "", StringComparison.Ordinal), Does.Not.Contain('\n').And.Not.Contain('\r'), "CRLF line ends only");
        var parsed = MimeMessage.Load(new MemoryStream(content));
        Assert.That(parsed.From.Mailboxes.Single().Address, Is.EqualTo("news@example.com"));
        Assert.That(parsed.Subject, Is.EqualTo("Grüße"));
        Assert.That(parsed.Bcc, Is.Empty);
        Assert.That(parsed.ReplyTo.Mailboxes.Single().Address, Is.EqualTo("help@example.com"));
        Assert.That(parsed.TextBody!.TrimEnd(), Is.EqualTo("plain ü"));
        Assert.That(parsed.HtmlBody!.TrimEnd(), Is.EqualTo("<p>html</p>"));
        Assert.That(parsed.MessageId, Does.EndWith("@example.com"));
        Assert.That(parsed.Date, Is.EqualTo(_harness.Clock.GetUtcNow()));
        Assert.That(ApiHarness.Xml(response).Descendants().Single(e => e.Name.LocalName == "MessageId").Value, Is.EqualTo("0190abcdef"));
    }

    [Test]
    public async Task SendEmail_with_a_ReturnPath_uses_it_as_the_envelope_sender()
    {
        await _harness.QueryAsync("SendEmail",
            [("Source", "news@example.com"), ("ReturnPath", "bounces@example.com"), ("Destination.ToAddresses.member.1", "a@dest.example"),
             ("Message.Subject.Data", "s"), ("Message.Body.Text.Data", "t")]);

        Assert.That(_harness.Ingestion.Received.Single().Message.ReversePath, Is.EqualTo("bounces@example.com"));
    }

    private const string NotVerified =
        "Email address is not verified. The following identities failed the check in region EU-WEST-1: eve@unverified.test, news@example.com";

    [Test]
    public async Task An_unverified_identity_is_MessageRejected()
    {
        _harness.Ingestion.Verdict = new IngestionResult(IngestionOutcome.PermanentFailure, 554, "5.7.1", "Message rejected: " + NotVerified, "id");

        var response = await _harness.QueryAsync("SendRawEmail",
            [("Source", "eve@unverified.test"), ("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)))]);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("MessageRejected"));
        Assert.That(ApiHarness.Xml(response).Descendants().Single(e => e.Name.LocalName == "Message").Value, Is.EqualTo(NotVerified));
        Assert.That(_harness.Ingestion.Received.Single().Message.ReversePath, Is.EqualTo("eve@unverified.test"), "Source is the envelope sender that is checked");
    }

    [Test]
    public async Task V2_an_unverified_identity_is_MessageRejected_with_the_same_text()
    {
        _harness.Ingestion.Verdict = new IngestionResult(IngestionOutcome.PermanentFailure, 554, "5.7.1", "Message rejected: " + NotVerified, "id");

        var response = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "eve@unverified.test",
            Content = new { Raw = new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)) } },
        });

        RestActionTests.AssertError(response, 400, "MessageRejected");
        Assert.That(ApiHarness.Json(response).GetProperty("message").GetString(), Is.EqualTo(NotVerified));
        Assert.That(_harness.Ingestion.Received.Single().Message.ReversePath, Is.EqualTo("eve@unverified.test"), "FromEmailAddress is the envelope sender that is checked");
    }

    [Test]
    public async Task SendRawEmail_with_a_nul_octet_is_MessageRejected_and_never_ingested()
    {
        var smuggling = Raw + "\0.\r\nMAIL FROM:<admin@example.com>\r\nRCPT TO:<victim@dest.example>\r\nDATA\r\nsmuggled\r\n";

        var response = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(smuggling)))]);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("MessageRejected"));
        Assert.That(ApiHarness.Xml(response).Descendants().Single(e => e.Name.LocalName == "Message").Value, Does.Contain("NUL"));
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task V2_raw_content_with_a_nul_octet_is_MessageRejected_and_never_ingested()
    {
        var response = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            Content = new { Raw = new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw.Replace("body line", "bo\0dy", StringComparison.Ordinal))) } },
        });

        RestActionTests.AssertError(response, 400, "MessageRejected");
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task A_temporary_failure_of_the_next_hop_is_a_retryable_ServiceUnavailable()
    {
        _harness.Ingestion.Verdict = new IngestionResult(IngestionOutcome.TemporaryFailure, 451, "4.4.1", "next hop unavailable", "id");

        var response = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)))]);

        Assert.That(response.StatusCode, Is.EqualTo(503));
        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("ServiceUnavailable"));
        Assert.That(ApiHarness.Xml(response).Descendants().Single(e => e.Name.LocalName == "Type").Value, Is.EqualTo("Receiver"));
    }

    [Test]
    public async Task SendRawEmail_takes_the_bytes_with_lf_made_crlf_and_recipients_from_the_header()
    {
        var response = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)))]);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        var (message, content) = _harness.Ingestion.Received.Single();
        Assert.That(Encoding.UTF8.GetString(content), Is.EqualTo(Raw.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.That(message.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(message.Recipients, Is.EqualTo(new[] { "a@dest.example", "b@dest.example" }));
    }

    [Test]
    public async Task SendRawEmail_with_Source_and_Destinations_uses_them_for_the_envelope()
    {
        await _harness.QueryAsync("SendRawEmail",
        [
            ("Source", "bounce@example.com"), ("Destinations.member.1", "x@dest.example"), ("Destinations.member.2", "y@dest.example"),
            ("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw.Replace("\n", "\r\n", StringComparison.Ordinal)))),
        ]);

        var message = _harness.Ingestion.Received.Single().Message;
        Assert.That(message.ReversePath, Is.EqualTo("bounce@example.com"));
        Assert.That(message.Recipients, Is.EqualTo(new[] { "x@dest.example", "y@dest.example" }));
    }

    [Test]
    public async Task Eight_bit_raw_content_is_declared_as_8bitmime()
    {
        await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw + "Grüße\n")))]);

        Assert.That(_harness.Ingestion.Received.Single().Message.EightBitMime, Is.True);
    }

    [TestCase("not base64!")]
    [TestCase("RnJvbTogYUBiLmMNClN1YmplY3Q6IHgNCg1ib2R5")]
    public async Task Bad_raw_data_is_InvalidParameterValue(string data)
    {
        // The second is "From: a@b.c\r\nSubject: x\r\n\rbody": a bare CR.
        var response = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", data), ("Destinations.member.1", "x@dest.example")]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task More_than_50_recipients_is_InvalidParameterValue()
    {
        var parameters = new List<(string, string)> { ("Source", "news@example.com"), ("Message.Subject.Data", "s"), ("Message.Body.Text.Data", "t") };
        parameters.AddRange(Enumerable.Range(1, 51).Select(i => ($"Destination.ToAddresses.member.{i}", $"r{i}@dest.example")));

        var response = await _harness.QueryAsync("SendEmail", parameters);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
        Assert.That(ApiHarness.Xml(response).Descendants().Single(e => e.Name.LocalName == "Message").Value, Is.EqualTo("Recipient count exceeds 50."));
    }

    [TestCase("Source", "not an address")]
    [TestCase("Destination.ToAddresses.member.1", "nobody")]
    public async Task A_malformed_address_refuses_the_whole_message(string name, string value)
    {
        var parameters = new Dictionary<string, string>
        {
            ["Source"] = "news@example.com", ["Destination.ToAddresses.member.1"] = "a@dest.example",
            ["Message.Subject.Data"] = "s", ["Message.Body.Text.Data"] = "t",
        };
        parameters[name] = value;

        var response = await _harness.QueryAsync("SendEmail", parameters.Select(p => (p.Key, p.Value)));

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task A_message_without_a_body_is_InvalidParameterValue()
    {
        var response = await _harness.QueryAsync("SendEmail",
            [("Source", "news@example.com"), ("Destination.ToAddresses.member.1", "a@dest.example"), ("Message.Subject.Data", "s")]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
    }

    [Test]
    public async Task V2_SendEmail_with_raw_content_sends_the_bytes()
    {
        var json = RestActionTests.Ok(await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" } },
            Content = new { Raw = new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)) } },
        }));

        Assert.That(json.GetProperty("MessageId").GetString(), Is.EqualTo("0190abcdef"));
        var message = _harness.Ingestion.Received.Single().Message;
        Assert.That(message.Recipients, Is.EqualTo(new[] { "z@dest.example" }));
        Assert.That(message.ReversePath, Is.EqualTo("news@example.com"));
    }

    [Test]
    public async Task V2_SendEmail_with_simple_content_builds_the_message()
    {
        RestActionTests.Ok(await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" }, BccAddresses = new[] { "h@dest.example" } },
            Content = new { Simple = new { Subject = new { Data = "v2 subject" }, Body = new { Text = new { Data = "v2 body", Charset = "UTF-8" } } } },
        }));

        var (message, content) = _harness.Ingestion.Received.Single();
        Assert.That(message.Recipients, Is.EqualTo(new[] { "z@dest.example", "h@dest.example" }));
        var parsed = MimeMessage.Load(new MemoryStream(content));
        Assert.That(parsed.Subject, Is.EqualTo("v2 subject"));
        Assert.That(parsed.TextBody!.TrimEnd(), Is.EqualTo("v2 body"));
    }

    [Test]
    public async Task V2_rejections_and_bad_requests_use_v2_codes()
    {
        _harness.Ingestion.Verdict = new IngestionResult(IngestionOutcome.PermanentFailure, 554, "5.7.1", "Message rejected: Email address is not verified.", "id");
        var rejected = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            Content = new { Raw = new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)) } },
        });
        var template = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" } },
            Content = new { Template = new { TemplateName = "t" } },
        });
        var badAddress = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "nobody" } },
            Content = new { Simple = new { Subject = new { Data = "s" }, Body = new { Text = new { Data = "t" } } } },
        });

        RestActionTests.AssertError(rejected, 400, "MessageRejected");
        RestActionTests.AssertError(template, 400, "BadRequestException");
        RestActionTests.AssertError(badAddress, 400, "BadRequestException");
    }
}

using System.Text;
using Relay.Api.Tests.Support;
using Relay.Core.Ingestion;
using Relay.Core.Quotas;

namespace Relay.Api.Tests;

/// <summary>A send the account's quota refused: v1 Throttling (400, SES's message); v2 TooManyRequestsException or LimitExceededException.</summary>
public sealed class SendingQuotaErrorTests
{
    private const string Raw = "From: news@example.com\nTo: a@dest.example\nSubject: hi\n\nbody\n";

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    private void Refuse(SendingLimit limit) => _harness.Ingestion.Verdict = SendingQuota.Throttled(limit, "id");

    [TestCase(SendingLimit.MaxSendRate, "Maximum sending rate exceeded.")]
    [TestCase(SendingLimit.Max24HourSend, "Daily message quota exceeded.")]
    public async Task SendRawEmail_and_SendEmail_over_a_limit_are_Throttling_with_SESs_message(SendingLimit limit, string message)
    {
        Refuse(limit);

        var raw = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)))]);
        var simple = await _harness.QueryAsync("SendEmail",
            [("Source", "news@example.com"), ("Destination.ToAddresses.member.1", "a@dest.example"), ("Message.Subject.Data", "s"), ("Message.Body.Text.Data", "t")]);

        foreach (var response in new[] { raw, simple })
        {
            Assert.That(response.StatusCode, Is.EqualTo(400), Encoding.UTF8.GetString(response.Body));
            Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("Throttling"));
            var xml = ApiHarness.Xml(response);
            Assert.That(xml.Descendants().Single(e => e.Name.LocalName == "Message").Value, Is.EqualTo(message));
            Assert.That(xml.Descendants().Single(e => e.Name.LocalName == "Type").Value, Is.EqualTo("Sender"));
        }
    }

    [TestCase(SendingLimit.MaxSendRate, 429, "TooManyRequestsException", "Maximum sending rate exceeded.")]
    [TestCase(SendingLimit.Max24HourSend, 400, "LimitExceededException", "Daily message quota exceeded.")]
    public async Task V2_SendEmail_over_a_limit_gets_the_v2_code(SendingLimit limit, int status, string code, string message)
    {
        Refuse(limit);

        var response = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "a@dest.example" } },
            Content = new { Simple = new { Subject = new { Data = "s" }, Body = new { Text = new { Data = "t" } } } },
        });

        RestActionTests.AssertError(response, status, code);
        Assert.That(ApiHarness.Json(response).GetProperty("message").GetString(), Is.EqualTo(message));
    }

    [Test]
    public async Task Another_temporary_failure_stays_ServiceUnavailable()
    {
        _harness.Ingestion.Verdict = new IngestionResult(IngestionOutcome.TemporaryFailure, 454, "4.7.0", "Throttling failure: lookalike", "id");

        var response = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(Raw)))]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("ServiceUnavailable"), "only a verdict marked by the quota is Throttling");
    }
}

using System.Text;
using MimeKit;
using Relay.Api.Tests.Support;
using Relay.Core.Ingestion;

namespace Relay.Api.Tests;

/// <summary>
/// What the send calls say besides the message: the Message-ID of a message the API builds names the MessageId it
/// returns (under the provider domain), and ConfigurationSetName and Tags/EmailTags reach the ingestion path, checked.
/// </summary>
public sealed class SendAttributesTests
{
    private const string RawWithBcc =
        "From: Shop <news@example.com>\nTo: a@dest.example\nBcc: hidden@dest.example,\n secret@dest.example\nSubject: hi\n\nbody line\n";

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task V1_SendEmail_message_id_is_the_returned_message_id_under_the_provider_domain()
    {
        var response = await _harness.QueryAsync("SendEmail",
        [
            ("Source", "news@example.com"),
            ("Destination.ToAddresses.member.1", "a@dest.example"),
            ("Message.Subject.Data", "s"),
            ("Message.Body.Text.Data", "t"),
        ]);

        Assert.That(response.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(response.Body));
        var returned = ApiHarness.Xml(response).Descendants().Single(e => e.Name.LocalName == "MessageId").Value;
        var (message, content) = _harness.Ingestion.Received.Single();
        Assert.That(message.MessageId, Is.EqualTo(returned), "the ingestion path is told the id, so it issues no other");
        Assert.That(MimeMessage.Load(new MemoryStream(content)).MessageId, Is.EqualTo($"{returned}@{ApiHarness.ProviderDomain}"));
        Assert.That(Encoding.ASCII.GetString(content), Does.Contain($"<{returned}@{ApiHarness.ProviderDomain}>\r\n"));
    }

    [Test]
    public async Task V2_SendEmail_simple_message_id_is_the_returned_message_id_under_the_provider_domain()
    {
        var json = RestActionTests.Ok(await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" } },
            Content = new { Simple = new { Subject = new { Data = "s" }, Body = new { Text = new { Data = "t" } } } },
        }));

        var returned = json.GetProperty("MessageId").GetString();
        var (message, content) = _harness.Ingestion.Received.Single();
        Assert.That(message.MessageId, Is.EqualTo(returned));
        Assert.That(MimeMessage.Load(new MemoryStream(content)).MessageId, Is.EqualTo($"{returned}@{ApiHarness.ProviderDomain}"));
    }

    [Test]
    public async Task Two_sends_get_two_message_ids()
    {
        string[] parameters = ["Source", "news@example.com", "Destination.ToAddresses.member.1", "a@dest.example", "Message.Body.Text.Data", "t"];
        var pairs = parameters.Chunk(2).Select(pair => (pair[0], pair[1])).ToList();

        await _harness.QueryAsync("SendEmail", pairs);
        await _harness.QueryAsync("SendEmail", pairs);

        var ids = _harness.Ingestion.Received.Select(r => MimeMessage.Load(new MemoryStream(r.Content)).MessageId).ToList();
        Assert.That(ids.Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task SendRawEmail_with_a_bcc_field_and_no_destinations_sends_to_the_bcc_addresses_and_leaves_the_id_to_ingestion()
    {
        var response = await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(RawWithBcc)))]);

        Assert.That(response.StatusCode, Is.EqualTo(200), Encoding.UTF8.GetString(response.Body));
        var message = _harness.Ingestion.Received.Single().Message;
        Assert.That(message.Recipients, Is.EqualTo(new[] { "a@dest.example", "hidden@dest.example", "secret@dest.example" }));
        Assert.That(message.MessageId, Is.Null, "a raw message's id is issued by the ingestion path, which also removes its Bcc field");
    }

    [Test]
    public async Task V1_configuration_set_and_tags_reach_the_ingestion_path()
    {
        await _harness.QueryAsync("SendRawEmail",
        [
            ("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(RawWithBcc))),
            ("ConfigurationSetName", "marketing"),
            ("Tags.member.1.Name", "campaign"),
            ("Tags.member.1.Value", "spring-2026"),
            ("Tags.member.2.Name", "type_x"),
            ("Tags.member.2.Value", "news"),
        ]);

        var message = _harness.Ingestion.Received.Single().Message;
        Assert.That(message.ConfigurationSetName, Is.EqualTo("marketing"));
        Assert.That(message.Tags, Is.EqualTo(new[] { new MessageTag("campaign", "spring-2026"), new MessageTag("type_x", "news") }));
    }

    [Test]
    public async Task V2_configuration_set_and_email_tags_reach_the_ingestion_path()
    {
        RestActionTests.Ok(await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" } },
            Content = new { Simple = new { Subject = new { Data = "s" }, Body = new { Text = new { Data = "t" } } } },
            ConfigurationSetName = "marketing",
            EmailTags = new[] { new { Name = "campaign", Value = "spring" } },
        }));

        var message = _harness.Ingestion.Received.Single().Message;
        Assert.That(message.ConfigurationSetName, Is.EqualTo("marketing"));
        Assert.That(message.Tags, Is.EqualTo(new[] { new MessageTag("campaign", "spring") }));
    }

    [Test]
    public async Task A_call_without_tags_leaves_the_fields_tags_to_the_ingestion_path()
    {
        await _harness.QueryAsync("SendRawEmail", [("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(RawWithBcc)))]);

        var message = _harness.Ingestion.Received.Single().Message;
        Assert.That(message.Tags, Is.Null, "no API tags: an X-SES-MESSAGE-TAGS field, if any, is used");
        Assert.That(message.ConfigurationSetName, Is.Null);
    }

    [TestCase("bad name", "v")]
    [TestCase("name", "spring.2026")]
    [TestCase("name", "")]
    [TestCase("", "value")]
    public async Task A_v1_tag_ses_would_refuse_is_InvalidParameterValue_and_nothing_is_sent(string name, string value)
    {
        var response = await _harness.QueryAsync("SendEmail",
        [
            ("Source", "news@example.com"),
            ("Destination.ToAddresses.member.1", "a@dest.example"),
            ("Message.Body.Text.Data", "t"),
            ("Tags.member.1.Name", name),
            ("Tags.member.1.Value", value),
        ]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"), Encoding.UTF8.GetString(response.Body));
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task A_v1_tag_longer_than_256_characters_is_InvalidParameterValue()
    {
        var response = await _harness.QueryAsync("SendRawEmail",
        [
            ("RawMessage.Data", Convert.ToBase64String(Encoding.UTF8.GetBytes(RawWithBcc))),
            ("Tags.member.1.Name", new string('n', 257)),
            ("Tags.member.1.Value", "v"),
        ]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task A_v2_email_tag_ses_would_refuse_is_BadRequestException_and_nothing_is_sent()
    {
        var response = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" } },
            Content = new { Raw = new { Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(RawWithBcc)) } },
            EmailTags = new[] { new { Name = "campaign", Value = "spring sale" } },
        });

        RestActionTests.AssertError(response, 400, "BadRequestException");
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }

    [Test]
    public async Task V2_ListManagementOptions_is_BadRequestException_naming_it_and_nothing_is_sent()
    {
        var response = await _harness.RestAsync("POST", "/v2/email/outbound-emails", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "z@dest.example" } },
            Content = new { Simple = new { Subject = new { Data = "s" }, Body = new { Text = new { Data = "b" } } } },
            ListManagementOptions = new { ContactListName = "newsletter", TopicName = "weekly" },
        });

        RestActionTests.AssertError(response, 400, "BadRequestException");
        Assert.That(Encoding.UTF8.GetString(response.Body), Does.Contain("ListManagementOptions"));
        Assert.That(_harness.Ingestion.Received, Is.Empty);
    }
}

using System.Text;
using MimeKit;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// Each SES SDK against a real Relay, checked at the next hop: Bcc and the X-SES-* fields never reach a recipient,
/// Date and Message-ID are added when missing, the Message-ID is the MessageId the SDK returned under the provider
/// domain, both signatures verify, and a tag SES would refuse is refused.
/// </summary>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
public sealed class ConsumedHeadersThroughApiTests(string sdkName) : SdkFixture(sdkName)
{
    private IReadOnlyDictionary<string, string> _records = null!;

    [SetUp]
    public async Task VerifyExampleComAsync()
    {
        (await Sdk.CallAsync("ses", "VerifyDomainDkim", new { Domain = "example.com" })).Json();
        _records = await Relay.MarkDkimSuccessAsync("shop", "example.com");
    }

    [Test]
    public async Task Send_raw_email_with_a_bcc_field_and_no_destinations_reaches_every_recipient_without_the_field()
    {
        var raw = Encoding.ASCII.GetBytes(ConsumedHeaders.Message("v1 raw"));

        var sent = (await Sdk.CallAsync("ses", "SendRawEmail", new { RawMessage = new { Data = SdkClient.Bytes(raw) } })).Json();

        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.Recipients, Is.EquivalentTo(new[] { ConsumedHeaders.To, ConsumedHeaders.HiddenOne, ConsumedHeaders.HiddenTwo }));
        ConsumedHeaders.AssertPrepared(delivered.Data, sent.GetProperty("MessageId").GetString()!);
        await BothSignatures.AssertPassAsync(delivered.Data, _records, "example.com");
    }

    [Test]
    public async Task Sesv2_send_email_with_raw_content_is_prepared_the_same_way()
    {
        var raw = Encoding.ASCII.GetBytes(ConsumedHeaders.Message("v2 raw"));

        var sent = (await Sdk.CallAsync("sesv2", "SendEmail", new
        {
            Content = new { Raw = new { Data = SdkClient.Bytes(raw) } },
            ConfigurationSetName = "from-api",
            EmailTags = new[] { new { Name = "api", Value = "tag" } },
        })).Json();

        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.Recipients, Is.EquivalentTo(new[] { ConsumedHeaders.To, ConsumedHeaders.HiddenOne, ConsumedHeaders.HiddenTwo }));
        ConsumedHeaders.AssertPrepared(delivered.Data, sent.GetProperty("MessageId").GetString()!);
        await BothSignatures.AssertPassAsync(delivered.Data, _records, "example.com");
    }

    [Test]
    public async Task Send_email_delivers_the_message_id_it_returns()
    {
        var sent = (await Sdk.CallAsync("ses", "SendEmail", new
        {
            Source = "news@example.com",
            Destination = new { ToAddresses = new[] { "to@dest.test" }, BccAddresses = new[] { "hidden@dest.test" } },
            Message = new { Subject = new { Data = "v1 simple" }, Body = new { Text = new { Data = "Hello." } } },
            ConfigurationSetName = "marketing",
            Tags = new[] { new { Name = "campaign", Value = "spring" } },
        })).Json();

        var delivered = (await Relay.DeliveredAsync(1)).Single();
        AssertMessageId(delivered.Data, sent.GetProperty("MessageId").GetString()!);
        Assert.That(Encoding.UTF8.GetString(delivered.Data), Does.Not.Contain("hidden@dest.test"));
        await BothSignatures.AssertPassAsync(delivered.Data, _records, "example.com");
    }

    [Test]
    public async Task Sesv2_send_email_with_simple_content_delivers_the_message_id_it_returns()
    {
        var sent = (await Sdk.CallAsync("sesv2", "SendEmail", new
        {
            FromEmailAddress = "news@example.com",
            Destination = new { ToAddresses = new[] { "to@dest.test" } },
            Content = new { Simple = new { Subject = new { Data = "v2 simple" }, Body = new { Text = new { Data = "Hello." } } } },
            EmailTags = new[] { new { Name = "campaign", Value = "spring" } },
        })).Json();

        var delivered = (await Relay.DeliveredAsync(1)).Single();
        AssertMessageId(delivered.Data, sent.GetProperty("MessageId").GetString()!);
        await BothSignatures.AssertPassAsync(delivered.Data, _records, "example.com");
    }

    [Test]
    public async Task A_tag_ses_would_refuse_is_refused_and_nothing_is_delivered()
    {
        var raw = Encoding.ASCII.GetBytes(ConsumedHeaders.Message("bad tag"));

        var v1 = await Sdk.CallAsync("ses", "SendRawEmail", new
        {
            RawMessage = new { Data = SdkClient.Bytes(raw) },
            Tags = new[] { new { Name = "campaign", Value = "spring sale" } },
        });
        var v2 = await Sdk.CallAsync("sesv2", "SendEmail", new
        {
            Content = new { Raw = new { Data = SdkClient.Bytes(raw) } },
            EmailTags = new[] { new { Name = "campaign.name", Value = "spring" } },
        });

        v1.AssertError("InvalidParameterValue");
        v2.AssertError("BadRequestException");
        Assert.That(Relay.Relay.Sink.Delivered, Is.Empty);
    }

    private static void AssertMessageId(byte[] delivered, string messageId)
    {
        using var parsed = MimeMessage.Load(new MemoryStream(delivered));
        Assert.That(parsed.MessageId, Is.EqualTo($"{messageId}@{RelayUnderTest.ProviderDomain}"));
        Assert.That(parsed.Headers.Count(h => h.Id == HeaderId.Date), Is.EqualTo(1));
    }
}

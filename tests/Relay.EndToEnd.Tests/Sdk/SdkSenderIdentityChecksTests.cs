using System.Text;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// Issue 15, sender identities, through each SES SDK against a real Relay: SendRawEmail's Source and SES v2
/// SendEmail's FromEmailAddress are the envelope sender and need a verified identity as the From does (SES answers
/// MessageRejected naming them, with the region); a Sender or Return-Path field in the raw message too. Nothing
/// reaches the next hop for a rejection; all verified is delivered with the Source as envelope sender.
/// </summary>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
public sealed class SdkSenderIdentityChecksTests(string sdkName) : SdkFixture(sdkName)
{
    private const string NotVerified =
        "Email address is not verified. The following identities failed the check in region EU-WEST-1: ";

    private const string Message = "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: sender check\r\n" +
                                   "Date: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <senders1@example.com>\r\n\r\nHello.\r\n";

    private IReadOnlyDictionary<string, string> _records = new Dictionary<string, string>();

    [SetUp]
    public async Task VerifyExampleComAsync()
    {
        await Relay.Identities.CreateIdentityAsync("shop", "example.com", signing: null, CancellationToken.None);
        _records = await Relay.MarkDkimSuccessAsync("shop", "example.com");
    }

    [Test]
    public async Task Send_raw_email_with_an_unverified_source_is_message_rejected_naming_it_with_the_region()
    {
        var result = await Sdk.CallAsync("ses", "SendRawEmail", new
        {
            Source = "eve@unverified.test",
            RawMessage = new { Data = SdkClient.Bytes(Encoding.ASCII.GetBytes(Message)) },
        });

        result.AssertError("MessageRejected");
        Assert.That(result.HttpStatus, Is.EqualTo(400));
        Assert.That(result.ErrorMessage, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(Relay.Relay.Sink.Transactions, Is.Empty);
    }

    [TestCase("Sender: eve@unverified.test\r\n")]
    [TestCase("Return-Path: <eve@unverified.test>\r\n")]
    public async Task Send_raw_email_with_an_unverified_sender_or_return_path_field_is_message_rejected(string field)
    {
        var result = await Sdk.CallAsync("ses", "SendRawEmail", new
        {
            Source = "news@example.com",
            RawMessage = new { Data = SdkClient.Bytes(Encoding.ASCII.GetBytes(field + Message)) },
        });

        result.AssertError("MessageRejected");
        Assert.That(result.ErrorMessage, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(Relay.Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Sesv2_send_email_with_an_unverified_from_email_address_is_message_rejected()
    {
        var result = await Sdk.CallAsync("sesv2", "SendEmail", new
        {
            FromEmailAddress = "eve@unverified.test",
            Destination = new { ToAddresses = new[] { "someone@dest.test" } },
            Content = new { Raw = new { Data = SdkClient.Bytes(Encoding.ASCII.GetBytes(Message)) } },
        });

        result.AssertError("MessageRejected");
        Assert.That(result.ErrorMessage, Is.EqualTo(NotVerified + "eve@unverified.test"));
        Assert.That(Relay.Relay.Sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task Send_raw_email_with_every_identity_verified_is_delivered_with_the_source_as_envelope_sender()
    {
        var sent = (await Sdk.CallAsync("ses", "SendRawEmail", new
        {
            Source = "bounces@mail.example.com",
            RawMessage = new { Data = SdkClient.Bytes(Encoding.ASCII.GetBytes("Sender: list@example.com\r\nReturn-Path: <bounces@example.com>\r\n" + Message)) },
        })).Json();

        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);
        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("bounces@mail.example.com"));
        await BothSignatures.AssertPassAsync(delivered.Data, _records, "example.com");
    }
}

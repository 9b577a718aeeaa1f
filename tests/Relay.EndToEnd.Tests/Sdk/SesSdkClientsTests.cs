using System.Text;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// Each SES SDK against a real Relay: the seeds' journey (VerifyDomainDkim, then a raw message signed twice and
/// verified at the next hop), SES v2's identity calls, and a service error as the SDK raises it.
/// </summary>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
public sealed class SesSdkClientsTests(string sdkName) : SdkFixture(sdkName)
{
    [Test]
    public async Task Verify_domain_dkim_then_send_raw_email_delivers_a_message_both_signatures_verify()
    {
        var tokens = (await Sdk.CallAsync("ses", "VerifyDomainDkim", new { Domain = "example.com" })).Json().GetProperty("DkimTokens");
        Assert.That(tokens.GetArrayLength(), Is.EqualTo(3));
        var records = await Relay.MarkDkimSuccessAsync("shop", "example.com");

        const string Message = "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: through an SDK\r\n" +
                               "Date: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <sdk1@example.com>\r\n\r\nHello.\r\n";
        var sent = (await Sdk.CallAsync("ses", "SendRawEmail", new { RawMessage = new { Data = SdkClient.Bytes(Encoding.ASCII.GetBytes(Message)) } })).Json();

        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);
        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
        await BothSignatures.AssertPassAsync(delivered.Data, records, "example.com");
    }

    [Test]
    public async Task Sesv2_create_then_get_email_identity_returns_three_tokens_and_the_domain_type()
    {
        var created = (await Sdk.CallAsync("sesv2", "CreateEmailIdentity", new { EmailIdentity = "example.com" })).Json();
        Assert.That(created.GetProperty("IdentityType").GetString(), Is.EqualTo("DOMAIN"));

        var identity = (await Sdk.CallAsync("sesv2", "GetEmailIdentity", new { EmailIdentity = "example.com" })).Json();
        Assert.That(identity.GetProperty("DkimAttributes").GetProperty("Tokens").GetArrayLength(), Is.EqualTo(3));
        Assert.That(identity.GetProperty("DkimAttributes").GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("AWS_SES"));
    }

    [Test]
    public async Task An_identity_of_another_account_is_not_found()
    {
        await Relay.Identities.CreateIdentityAsync("other", "other.test", signing: null, CancellationToken.None);

        var result = await Sdk.CallAsync("sesv2", "GetEmailIdentity", new { EmailIdentity = "other.test" });

        result.AssertError("NotFoundException");
        Assert.That(result.HttpStatus, Is.EqualTo(404));
    }
}

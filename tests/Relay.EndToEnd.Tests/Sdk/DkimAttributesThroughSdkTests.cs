using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// A domain that goes from Easy DKIM (1024) to its own key (BYODKIM, 2048), through each SDK: GetEmailIdentity's
/// DKIM lengths, and VerifyDomainDkim, which answers Easy DKIM tokens but switches nothing until
/// PutEmailIdentityDkimSigningAttributes asks for AWS_SES.
/// </summary>
/// <remarks>
/// DNS is stood in for by <see cref="ApiRelay.MarkDkimSuccessAsync"/>, which drops a pending change; so the switch to
/// the customer's key is made while Easy DKIM is still PENDING, when Relay replaces the keys at once.
/// </remarks>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
public sealed class DkimAttributesThroughSdkTests(string sdkName) : SdkFixture(sdkName)
{
    private const string Domain = "example.com";

    /// <summary>Easy DKIM with 1024-bit keys, then the customer's 2048-bit key, verified: the BYODKIM domain signing.</summary>
    private async Task<IReadOnlyDictionary<string, string>> EasyDkim1024ThenByodkim2048Async()
    {
        (await Sdk.CallAsync("sesv2", "CreateEmailIdentity",
            new { EmailIdentity = Domain, DkimSigningAttributes = new { NextSigningKeyLength = "RSA_1024_BIT" } })).Json();
        using var rsa = RSA.Create(2048);
        var put = (await Sdk.CallAsync("sesv2", "PutEmailIdentityDkimSigningAttributes", new
        {
            EmailIdentity = Domain,
            SigningAttributesOrigin = "EXTERNAL",
            SigningAttributes = new { DomainSigningSelector = "s2048", DomainSigningPrivateKey = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()) },
        })).Json();
        Assert.That(put.GetProperty("DkimTokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "s2048" }), "set-up");
        return await Relay.MarkDkimSuccessAsync("shop", Domain);
    }

    private async Task<JsonElement> DkimAttributesAsync() =>
        (await Sdk.CallAsync("sesv2", "GetEmailIdentity", new { EmailIdentity = Domain })).Json().GetProperty("DkimAttributes");

    [Test]
    public async Task After_easy_dkim_1024_then_external_no_easy_dkim_key_is_reported_in_use_and_next_is_what_a_return_makes()
    {
        await EasyDkim1024ThenByodkim2048Async();

        var dkim = await DkimAttributesAsync();

        var stored = await Relay.Identities.FindAsync("shop", Domain, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(dkim.GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("EXTERNAL"));
            Assert.That(dkim.GetProperty("Status").GetString(), Is.EqualTo("SUCCESS"));
            Assert.That(dkim.TryGetProperty("CurrentSigningKeyLength", out _), Is.False, "an Easy DKIM field: no Easy DKIM key pair is in use");
            Assert.That(dkim.GetProperty("NextSigningKeyLength").GetString(), Is.EqualTo("RSA_1024_BIT"));
            var generated = DateTimeOffset.Parse(dkim.GetProperty("LastKeyGenerationTimestamp").GetString()!, CultureInfo.InvariantCulture);
            Assert.That(generated, Is.EqualTo(stored!.LastKeyGeneration!.Value).Within(TimeSpan.FromSeconds(1)), "when the Easy DKIM keys were made");
        });

        // NextSigningKeyLength is what a return to Easy DKIM makes.
        (await Sdk.CallAsync("sesv2", "PutEmailIdentityDkimSigningAttributes", new { EmailIdentity = Domain, SigningAttributesOrigin = "AWS_SES" })).Json();
        var back = await Relay.Identities.FindAsync("shop", Domain, CancellationToken.None);
        Assert.That(back!.PendingDkim!.Keys.Select(key => key.KeyBits), Has.All.EqualTo(1024));
    }

    [Test]
    public async Task Verify_domain_dkim_on_a_byodkim_domain_answers_easy_dkim_tokens_and_the_customers_key_keeps_signing()
    {
        var records = await EasyDkim1024ThenByodkim2048Async();

        var tokens = (await Sdk.CallAsync("ses", "VerifyDomainDkim", new { Domain })).Json()
            .GetProperty("DkimTokens").EnumerateArray().Select(t => t.GetString()!).ToArray();

        var dkim = await DkimAttributesAsync();
        var stored = await Relay.Identities.FindAsync("shop", Domain, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.PendingDkim, Is.Null, "no switch to Easy DKIM is started behind the customer's back");
            Assert.That(tokens, Has.Length.EqualTo(3));
            Assert.That(tokens, Has.All.Match("^[a-z2-7]{32}$"));
            Assert.That(dkim.GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("EXTERNAL"), "no silent switch");
            Assert.That(dkim.GetProperty("Status").GetString(), Is.EqualTo("SUCCESS"));
            Assert.That(dkim.GetProperty("Tokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "s2048" }));
        });

        const string Message = "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: still BYODKIM\r\n" +
                               "Date: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <byodkim1@example.com>\r\n\r\nHello.\r\n";
        (await Sdk.CallAsync("ses", "SendRawEmail", new { RawMessage = new { Data = SdkClient.Bytes(Encoding.ASCII.GetBytes(Message)) } })).Json();
        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(Encoding.ASCII.GetString(delivered.Data), Does.Contain("s=s2048;"), "signed with the customer's selector");
        await BothSignatures.AssertPassAsync(delivered.Data, records, Domain);

        // The switch, when asked for, uses the tokens VerifyDomainDkim answered.
        var put = (await Sdk.CallAsync("sesv2", "PutEmailIdentityDkimSigningAttributes", new { EmailIdentity = Domain, SigningAttributesOrigin = "AWS_SES" })).Json();
        Assert.That(put.GetProperty("DkimTokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(tokens));
    }
}

using System.Text;
using System.Text.Json;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// awscli as the client of Relay's SES API (<c>--endpoint-url</c>), both Debian's 2.9 and the pip 1.x with botocore
/// 1.43: every v1 and v2 action, asserted on the CLI's parsed output, and mail sent through the API checked at the
/// next hop with both signatures verified by python3-dkim and Mail::DKIM.
/// </summary>
[TestFixture(AwsCli.DebianV2)]
[TestFixture(AwsCli.PipV1)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AwsCliSesTests(string cliPath)
{
    private ApiCliSession? _session;

    private ApiRelay Relay => _session!.Relay;

    private AwsCli Aws => _session!.Aws;

    // The journey calls VerifyDomainDkim twice in a row; the once-a-second limit has its own test.
    [SetUp]
    public async Task StartAsync() =>
        _session = await ApiCliSession.StartAsync(cliPath, TimeSpan.FromMilliseconds(1));

    [TearDown]
    public async Task StopAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    [Test]
    public async Task The_seeds_journey_from_verify_domain_dkim_to_a_signed_raw_message()
    {
        var tokens = Strings((await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com")).Json().GetProperty("DkimTokens"));
        Assert.That(tokens, Has.Count.EqualTo(3).And.Unique);

        var again = Strings((await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com")).Json().GetProperty("DkimTokens"));
        Assert.That(again, Is.EqualTo(tokens), "tokens are stable across calls");

        var attributes = (await Aws.RunAsync("ses", "get-identity-dkim-attributes", "--identities", "example.com")).Json()
            .GetProperty("DkimAttributes").GetProperty("example.com");
        Assert.That(Strings(attributes.GetProperty("DkimTokens")), Is.EqualTo(tokens));
        Assert.That(attributes.GetProperty("DkimEnabled").GetBoolean(), Is.True);
        Assert.That(attributes.GetProperty("DkimVerificationStatus").GetString(), Is.AnyOf("Pending", "TemporaryFailure"));

        var signing = (await Aws.RunAsync("sesv2", "put-email-identity-dkim-signing-attributes", "--email-identity", "example.com",
            "--signing-attributes-origin", "AWS_SES", "--signing-attributes", "NextSigningKeyLength=RSA_1024_BIT")).Json();
        Assert.That(signing.GetProperty("DkimStatus").GetString(), Is.AnyOf("PENDING", "TEMPORARY_FAILURE", "SUCCESS", "NOT_STARTED"));
        Assert.That(signing.GetProperty("DkimTokens").GetArrayLength(), Is.EqualTo(3));

        var identity = (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "example.com")).Json();
        Assert.That(identity.GetProperty("IdentityType").GetString(), Is.EqualTo("DOMAIN"));
        Assert.That(identity.GetProperty("DkimAttributes").GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("AWS_SES"));
        Assert.That(identity.GetProperty("DkimAttributes").GetProperty("NextSigningKeyLength").GetString(), Is.EqualTo("RSA_1024_BIT"));

        var records = await Relay.MarkDkimSuccessAsync("shop", "example.com");
        var verified = (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "example.com")).Json();
        Assert.That(verified.GetProperty("DkimAttributes").GetProperty("Status").GetString(), Is.EqualTo("SUCCESS"));
        Assert.That(verified.GetProperty("VerifiedForSendingStatus").GetBoolean(), Is.True);

        const string Message = "From: Shop <news@example.com>\r\nTo: someone@dest.test\r\nSubject: through the API\r\nMessage-ID: <m1@example.com>\r\n\r\nHello from awscli.\r\n";
        var sent = (await Aws.RunAsync("ses", "send-raw-email", "--raw-message", $"Data={Blob(Message)}")).Json();
        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);

        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.ReversePath, Is.EqualTo("news@example.com"));
        Assert.That(delivered.Recipients, Is.EqualTo(new[] { "someone@dest.test" }));
        Assert.That(Encoding.UTF8.GetString(delivered.Data), Does.EndWith(Message));
        await BothSignatures.AssertPassAsync(delivered.Data, records, "example.com");
    }

    [Test]
    public async Task Send_email_builds_the_message_and_both_signatures_verify()
    {
        await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "example.com");
        var records = await Relay.MarkDkimSuccessAsync("shop", "example.com");

        var sent = (await Aws.RunAsync("ses", "send-email", "--from", "Shop <news@example.com>", "--destination",
            "ToAddresses=a@dest.test,CcAddresses=b@dest.test,BccAddresses=c@dest.test",
            "--message", "Subject={Data=Grüße,Charset=UTF-8},Body={Text={Data=plain body,Charset=UTF-8},Html={Data=<p>html</p>,Charset=UTF-8}}")).Json();

        Assert.That(sent.GetProperty("MessageId").GetString(), Is.Not.Empty);
        var delivered = (await Relay.DeliveredAsync(1)).Single();
        Assert.That(delivered.Recipients, Is.EquivalentTo(new[] { "a@dest.test", "b@dest.test", "c@dest.test" }));
        var text = Encoding.UTF8.GetString(delivered.Data);
        Assert.That(text, Does.Contain("multipart/alternative").And.Not.Contain("c@dest.test"));
        await BothSignatures.AssertPassAsync(delivered.Data, records, "example.com");
    }

    [Test]
    public async Task Sesv2_send_email_with_raw_and_simple_content()
    {
        await Aws.RunAsync("sesv2", "create-email-identity", "--email-identity", "example.com");
        var records = await Relay.MarkDkimSuccessAsync("shop", "example.com");
        var raw = "From: news@example.com\r\nTo: x@dest.test\r\nSubject: v2 raw\r\n\r\nraw body\r\n";
        var rawContent = Aws.WriteFile("raw.json", JsonSerializer.Serialize(new { Raw = new { Data = Blob(raw) } }));
        var simpleContent = Aws.WriteFile("simple.json", JsonSerializer.Serialize(new
        {
            Simple = new { Subject = new { Data = "v2 simple" }, Body = new { Text = new { Data = "simple body" } } },
        }));

        var first = (await Aws.RunAsync("sesv2", "send-email", "--from-email-address", "news@example.com",
            "--destination", "ToAddresses=x@dest.test", "--content", "file://" + rawContent)).Json();
        var second = (await Aws.RunAsync("sesv2", "send-email", "--from-email-address", "news@example.com",
            "--destination", "ToAddresses=y@dest.test", "--content", "file://" + simpleContent)).Json();

        Assert.That(first.GetProperty("MessageId").GetString(), Is.Not.EqualTo(second.GetProperty("MessageId").GetString()));
        var delivered = await Relay.DeliveredAsync(2);
        Assert.That(delivered.SelectMany(d => d.Recipients), Is.EquivalentTo(new[] { "x@dest.test", "y@dest.test" }));
        foreach (var message in delivered)
        {
            await BothSignatures.AssertPassAsync(message.Data, records, "example.com");
        }
    }

    [Test]
    public async Task Identity_management_actions_round_trip()
    {
        var token = (await Aws.RunAsync("ses", "verify-domain-identity", "--domain", "shop.example")).Json().GetProperty("VerificationToken").GetString();
        Assert.That(token, Is.Not.Empty);
        Assert.That((await Aws.RunAsync("ses", "verify-email-identity", "--email-address", "user+tag@shop.example")).ExitCode, Is.Zero);
        // awscli hides the deprecated VerifyEmailAddress; the request it would send, signed by hand.
        using (var http = new HttpClient())
        using (var response = await http.SendAsync(SigV4TestSigner.SignedQuery(Relay.Endpoint,
            "Action=VerifyEmailAddress&Version=2010-12-01&EmailAddress=other%40shop.example", Relay.ShopKey.Id, Relay.ShopKey.Secret, ApiRelay.Region, DateTimeOffset.UtcNow)))
        {
            var xml = System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync());
            Assert.That((int)response.StatusCode, Is.EqualTo(200), xml.ToString());
            Assert.That(xml.Name.LocalName, Is.EqualTo("VerifyEmailAddressResponse"));
        }


        var verification = (await Aws.RunAsync("ses", "get-identity-verification-attributes",
            "--identities", "shop.example", "user+tag@shop.example", "nope.example")).Json().GetProperty("VerificationAttributes");
        Assert.That(verification.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "shop.example", "user+tag@shop.example" }));
        Assert.That(verification.GetProperty("shop.example").GetProperty("VerificationToken").GetString(), Is.EqualTo(token));
        Assert.That(verification.GetProperty("user+tag@shop.example").GetProperty("VerificationStatus").GetString(), Is.EqualTo("Pending"));

        var domains = Strings((await Aws.RunAsync("ses", "list-identities", "--identity-type", "Domain")).Json().GetProperty("Identities"));
        var all = Strings((await Aws.RunAsync("ses", "list-identities")).Json().GetProperty("Identities"));
        Assert.That(domains, Is.EqualTo(new[] { "shop.example" }));
        Assert.That(all, Is.EquivalentTo(new[] { "shop.example", "user+tag@shop.example", "other@shop.example" }));

        var address = (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "user+tag@shop.example")).Json();
        Assert.That(address.GetProperty("IdentityType").GetString(), Is.EqualTo("EMAIL_ADDRESS"));
        Assert.That(address.GetProperty("VerificationStatus").GetString(), Is.EqualTo("PENDING"));

        await Aws.RunAsync("ses", "verify-domain-dkim", "--domain", "shop.example");
        Assert.That((await Aws.RunAsync("ses", "set-identity-dkim-enabled", "--identity", "shop.example", "--no-dkim-enabled")).ExitCode, Is.Zero);
        var disabled = (await Aws.RunAsync("ses", "get-identity-dkim-attributes", "--identities", "shop.example")).Json();
        Assert.That(disabled.GetProperty("DkimAttributes").GetProperty("shop.example").GetProperty("DkimEnabled").GetBoolean(), Is.False);
        Assert.That((await Aws.RunAsync("sesv2", "put-email-identity-dkim-attributes", "--email-identity", "shop.example", "--signing-enabled")).ExitCode, Is.Zero);
        var enabled = (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "shop.example")).Json();
        Assert.That(enabled.GetProperty("DkimAttributes").GetProperty("SigningEnabled").GetBoolean(), Is.True);

        var created = (await Aws.RunAsync("sesv2", "create-email-identity", "--email-identity", "v2.example",
            "--dkim-signing-attributes", "NextSigningKeyLength=RSA_2048_BIT")).Json();
        Assert.That(created.GetProperty("IdentityType").GetString(), Is.EqualTo("DOMAIN"));
        Assert.That(created.GetProperty("DkimAttributes").GetProperty("Tokens").GetArrayLength(), Is.EqualTo(3));
        var listed = (await Aws.RunAsync("sesv2", "list-email-identities")).Json().GetProperty("EmailIdentities");
        Assert.That(listed.EnumerateArray().Select(i => i.GetProperty("IdentityName").GetString()), Does.Contain("v2.example").And.Contain("shop.example"));

        Assert.That((await Aws.RunAsync("sesv2", "delete-email-identity", "--email-identity", "v2.example")).ExitCode, Is.Zero);
        Assert.That((await Aws.RunAsync("ses", "delete-identity", "--identity", "user+tag@shop.example")).ExitCode, Is.Zero);
        var left = Strings((await Aws.RunAsync("ses", "list-identities")).Json().GetProperty("Identities"));
        Assert.That(left, Is.EquivalentTo(new[] { "shop.example", "other@shop.example" }));
        (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "v2.example")).AssertError("NotFoundException");
    }

    [Test]
    public async Task Get_send_quota_reports_the_default_quota()
    {
        var quota = (await Aws.RunAsync("ses", "get-send-quota")).Json();

        Assert.That(quota.GetProperty("Max24HourSend").GetDouble(), Is.EqualTo(50_000));
        Assert.That(quota.GetProperty("MaxSendRate").GetDouble(), Is.EqualTo(14), "a real rate, never -1");
        Assert.That(quota.GetProperty("SentLast24Hours").GetDouble(), Is.Zero);
    }

    private string Blob(string message) => Aws.IsVersion2 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(message)) : message;

    private static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(item => item.GetString()!).ToList();
}

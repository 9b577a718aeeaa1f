using System.Text.Json;
using Relay.Api.Rest;
using Relay.Api.Tests.Support;
using Relay.Core.Identities;
using Relay.Core.Quotas;

namespace Relay.Api.Tests;

/// <summary>Each v2 operation against the fake lifecycle: routes, JSON shapes, account scoping and the error mapping.</summary>
public sealed class RestActionTests
{
    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [TestCase("POST", "/v2/email/identities", "CreateEmailIdentity", null)]
    [TestCase("GET", "/v2/email/identities", "ListEmailIdentities", null)]
    [TestCase("GET", "/v2/email/identities/user%2Btag%40example.com", "GetEmailIdentity", "user+tag@example.com")]
    [TestCase("DELETE", "/v2/email/identities/example.com", "DeleteEmailIdentity", "example.com")]
    [TestCase("PUT", "/v2/email/identities/example.com/dkim", "PutEmailIdentityDkimAttributes", "example.com")]
    [TestCase("PUT", "/v1/email/identities/example.com/dkim/signing", "PutEmailIdentityDkimSigningAttributes", "example.com")]
    [TestCase("PUT", "/v2/email/identities/example.com/dkim/signing", "PutEmailIdentityDkimSigningAttributes", "example.com")]
    [TestCase("POST", "/v2/email/outbound-emails", "SendEmail", null)]
    [TestCase("GET", "/v2/email/account", "GetAccount", null)]
    public void Routes_select_the_operation_and_decode_the_identity(string method, string path, string action, string? identity)
    {
        var (route, label) = _harness.Get<RestProtocol>().Route(method, path);

        Assert.That(route.Name, Is.EqualTo(action));
        Assert.That(label, Is.EqualTo(identity));
    }

    [Test]
    public async Task An_unknown_route_is_UnknownOperationException_404()
    {
        var response = await _harness.RestAsync("GET", "/v2/email/templates");

        Assert.That(response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Headers["x-amzn-ErrorType"], Is.EqualTo("UnknownOperationException"));
    }

    [Test]
    public async Task CreateEmailIdentity_for_a_domain_returns_dkim_attributes()
    {
        var response = await _harness.RestAsync("POST", "/v2/email/identities",
            new { EmailIdentity = "example.com", DkimSigningAttributes = new { NextSigningKeyLength = "RSA_1024_BIT" } });

        var json = Ok(response);
        Assert.That(json.GetProperty("IdentityType").GetString(), Is.EqualTo("DOMAIN"));
        Assert.That(json.GetProperty("VerifiedForSendingStatus").GetBoolean(), Is.False);
        var dkim = json.GetProperty("DkimAttributes");
        Assert.That(dkim.GetProperty("Status").GetString(), Is.EqualTo("PENDING"));
        Assert.That(dkim.GetProperty("Tokens").GetArrayLength(), Is.EqualTo(3));
        Assert.That(dkim.GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("AWS_SES"));
        Assert.That(_harness.Identities.LastSigningRequest, Is.EqualTo(new Core.Identities.Lifecycle.DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024)));
    }

    [Test]
    public async Task CreateEmailIdentity_with_a_selector_and_key_is_byodkim()
    {
        var response = await _harness.RestAsync("POST", "/v2/email/identities",
            new { EmailIdentity = "example.com", DkimSigningAttributes = new { DomainSigningSelector = "sel1", DomainSigningPrivateKey = "MIIBkey" } });

        Assert.That(Ok(response).GetProperty("DkimAttributes").GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("EXTERNAL"));
        Assert.That(_harness.Identities.LastSigningRequest!.Origin, Is.EqualTo(DkimSigningOrigin.External));
        Assert.That(_harness.Identities.LastSigningRequest.Selector, Is.EqualTo("sel1"));
        Assert.That(_harness.Identities.LastSigningRequest.PrivateKey, Is.EqualTo("MIIBkey"));
    }

    [Test]
    public async Task CreateEmailIdentity_for_an_address_has_no_dkim_attributes()
    {
        var json = Ok(await _harness.RestAsync("POST", "/v2/email/identities", new { EmailIdentity = "a@example.com" }));

        Assert.That(json.GetProperty("IdentityType").GetString(), Is.EqualTo("EMAIL_ADDRESS"));
        Assert.That(json.TryGetProperty("DkimAttributes", out _), Is.False);
    }

    [Test]
    public async Task Creating_an_existing_identity_is_AlreadyExistsException()
    {
        _harness.Identities.Domain("shop", "example.com");

        var response = await _harness.RestAsync("POST", "/v2/email/identities", new { EmailIdentity = "example.com" });

        AssertError(response, 400, "AlreadyExistsException");
    }

    [TestCase("{\"EmailIdentity\": 5}")]
    [TestCase("not json")]
    [TestCase("[1]")]
    [TestCase("{}")]
    [TestCase("{\"EmailIdentity\": \"example.com\", \"DkimSigningAttributes\": {\"NextSigningKeyLength\": \"RSA_4096_BIT\"}}")]
    [TestCase("{\"EmailIdentity\": \"example.com\", \"DkimSigningAttributes\": {\"DomainSigningSelector\": \"only-a-selector\"}}")]
    [TestCase("{\"EmailIdentity\": \"not a domain!\"}")]
    public async Task A_bad_create_request_is_BadRequestException(string body)
    {
        var request = TestSigner.Sign("POST", "/v2/email/identities", string.Empty, [("Host", ApiHarness.Host), ("Content-Type", "application/json")],
            System.Text.Encoding.UTF8.GetBytes(body), ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());

        AssertError(await _harness.Handler.HandleAsync(request, CancellationToken.None), 400, "BadRequestException");
    }

    [Test]
    public async Task GetEmailIdentity_returns_ses_shape_with_defaults()
    {
        _harness.Identities.Domain("shop", "example.com", VerificationStatus.Success);

        var json = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com"));

        Assert.That(json.GetProperty("IdentityType").GetString(), Is.EqualTo("DOMAIN"));
        Assert.That(json.GetProperty("VerifiedForSendingStatus").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("VerificationStatus").GetString(), Is.EqualTo("SUCCESS"));
        Assert.That(json.GetProperty("FeedbackForwardingStatus").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("MailFromAttributes").GetProperty("BehaviorOnMxFailure").GetString(), Is.EqualTo("USE_DEFAULT_VALUE"));
        Assert.That(json.GetProperty("Policies").ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(json.GetProperty("Tags").GetArrayLength(), Is.Zero);
        var dkim = json.GetProperty("DkimAttributes");
        Assert.That(dkim.GetProperty("SigningEnabled").GetBoolean(), Is.True);
        Assert.That(dkim.GetProperty("Status").GetString(), Is.EqualTo("SUCCESS"));
        Assert.That(dkim.GetProperty("CurrentSigningKeyLength").GetString(), Is.EqualTo("RSA_2048_BIT"));
        Assert.That(dkim.GetProperty("NextSigningKeyLength").GetString(), Is.EqualTo("RSA_2048_BIT"));
        Assert.That(dkim.GetProperty("LastKeyGenerationTimestamp").GetDouble(), Is.EqualTo(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
    }

    [Test]
    public async Task GetEmailIdentity_of_a_byodkim_domain_reports_no_easy_dkim_key_in_use_and_the_length_a_return_to_easy_dkim_makes()
    {
        // Easy DKIM 1024 before, now the customer's own 2048-bit key: the three length and time fields are Easy DKIM's.
        var byodkim = new SigningKey("sel1", "pem", 2048);
        _harness.Identities.Add(_harness.Identities.Domain("shop", "example.com", VerificationStatus.Success) with
        {
            DkimOrigin = DkimSigningOrigin.External,
            SigningKey = byodkim,
            DkimKeys = [byodkim],
            NextSigningKeyLength = DkimKeyLength.Rsa1024,
        });

        var dkim = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("DkimAttributes");

        Assert.Multiple(() =>
        {
            Assert.That(dkim.GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("EXTERNAL"));
            Assert.That(dkim.GetProperty("Tokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "sel1" }));
            Assert.That(dkim.TryGetProperty("CurrentSigningKeyLength", out _), Is.False, "no Easy DKIM key pair is in use");
            Assert.That(dkim.GetProperty("NextSigningKeyLength").GetString(), Is.EqualTo("RSA_1024_BIT"), "the length a return to Easy DKIM generates");
            Assert.That(dkim.GetProperty("LastKeyGenerationTimestamp").GetDouble(),
                Is.EqualTo(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()), "when Relay last made Easy DKIM keys");
        });
    }

    [Test]
    public async Task An_encoded_address_label_is_decoded_before_the_lookup()
    {
        _harness.Identities.Address("shop", "user+tag@example.com", verified: true);

        var json = Ok(await _harness.RestAsync("GET", "/v2/email/identities/user%2Btag%40example.com"));

        Assert.That(json.GetProperty("IdentityType").GetString(), Is.EqualTo("EMAIL_ADDRESS"));
    }

    [Test]
    public async Task Another_accounts_identity_is_not_found_and_not_leaked()
    {
        _harness.Identities.Domain("other", "other.example", VerificationStatus.Success);

        var get = await _harness.RestAsync("GET", "/v2/email/identities/other.example");
        var delete = await _harness.RestAsync("DELETE", "/v2/email/identities/other.example");
        var put = await _harness.RestAsync("PUT", "/v2/email/identities/other.example/dkim", new { SigningEnabled = false });
        var list = Ok(await _harness.RestAsync("GET", "/v2/email/identities"));

        AssertError(get, 404, "NotFoundException");
        AssertError(delete, 404, "NotFoundException");
        AssertError(put, 404, "NotFoundException");
        Assert.That(list.GetProperty("EmailIdentities").GetArrayLength(), Is.Zero);
        Assert.That(await _harness.Identities.FindAsync("other", "other.example", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task ListEmailIdentities_pages_with_PageSize_and_NextToken()
    {
        _harness.Identities.Domain("shop", "a.example", VerificationStatus.Success);
        _harness.Identities.Address("shop", "b@a.example");

        var first = Ok(await _harness.RestAsync("GET", "/v2/email/identities", rawQuery: "PageSize=1"));
        var token = first.GetProperty("NextToken").GetString()!;
        var second = Ok(await _harness.RestAsync("GET", "/v2/email/identities", rawQuery: $"NextToken={Uri.EscapeDataString(token)}&PageSize=1"));

        var a = first.GetProperty("EmailIdentities")[0];
        Assert.That(a.GetProperty("IdentityName").GetString(), Is.EqualTo("a.example"));
        Assert.That(a.GetProperty("IdentityType").GetString(), Is.EqualTo("DOMAIN"));
        Assert.That(a.GetProperty("SendingEnabled").GetBoolean(), Is.True);
        Assert.That(a.GetProperty("VerificationStatus").GetString(), Is.EqualTo("SUCCESS"));
        Assert.That(second.GetProperty("EmailIdentities")[0].GetProperty("IdentityName").GetString(), Is.EqualTo("b@a.example"));
        Assert.That(second.TryGetProperty("NextToken", out _), Is.False);
    }

    [TestCase("PageSize=0")]
    [TestCase("PageSize=1001")]
    [TestCase("PageSize=x")]
    [TestCase("NextToken=%21%21")]
    public async Task ListEmailIdentities_refuses_bad_paging(string query) =>
        AssertError(await _harness.RestAsync("GET", "/v2/email/identities", rawQuery: query), 400, "BadRequestException");

    [Test]
    public async Task DeleteEmailIdentity_deletes_and_returns_an_empty_object()
    {
        _harness.Identities.Domain("shop", "example.com");

        var json = Ok(await _harness.RestAsync("DELETE", "/v2/email/identities/example.com"));

        Assert.That(json.EnumerateObject(), Is.Empty);
        Assert.That(await _harness.Identities.FindAsync("shop", "example.com", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task PutEmailIdentityDkimAttributes_sets_the_switch()
    {
        _harness.Identities.Domain("shop", "example.com");

        Ok(await _harness.RestAsync("PUT", "/v2/email/identities/example.com/dkim", new { SigningEnabled = false }));

        Assert.That(_harness.Identities.Calls, Is.EqualTo(new[] { "SetSigningEnabled shop example.com False" }));
    }

    [TestCase("/v1/email/identities/example.com/dkim/signing")]
    [TestCase("/v2/email/identities/example.com/dkim/signing")]
    public async Task PutEmailIdentityDkimSigningAttributes_with_a_new_key_length_keeps_the_tokens_and_the_status(string path)
    {
        var domain = _harness.Identities.Domain("shop", "example.com", VerificationStatus.Success);

        var json = Ok(await _harness.RestAsync("PUT", path,
            new { SigningAttributesOrigin = "AWS_SES", SigningAttributes = new { NextSigningKeyLength = "RSA_1024_BIT" } }));

        Assert.That(json.GetProperty("DkimStatus").GetString(), Is.EqualTo("SUCCESS"));
        Assert.That(json.GetProperty("DkimTokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(domain.DkimTokens));
        Assert.That(_harness.Identities.LastSigningRequest, Is.EqualTo(new Core.Identities.Lifecycle.DkimSigningRequest(DkimSigningOrigin.AwsSes, DkimKeyLength.Rsa1024)));
    }

    [Test]
    public async Task A_switch_to_byodkim_waiting_for_its_txt_shows_in_GetEmailIdentity_as_ses_shows_it()
    {
        _harness.Identities.Domain("shop", "example.com", VerificationStatus.Success);
        var put = Ok(await _harness.RestAsync("PUT", "/v2/email/identities/example.com/dkim/signing",
            new { SigningAttributesOrigin = "EXTERNAL", SigningAttributes = new { DomainSigningSelector = "sel1", DomainSigningPrivateKey = "MIIBkey" } }));

        var dkim = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com")).GetProperty("DkimAttributes");

        Assert.Multiple(() =>
        {
            Assert.That(put.GetProperty("DkimStatus").GetString(), Is.EqualTo("PENDING"));
            Assert.That(dkim.GetProperty("Status").GetString(), Is.EqualTo("PENDING"));
            Assert.That(dkim.GetProperty("SigningAttributesOrigin").GetString(), Is.EqualTo("EXTERNAL"));
            Assert.That(dkim.GetProperty("Tokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "sel1" }));
            Assert.That(dkim.TryGetProperty("CurrentSigningKeyLength", out _), Is.False, "BYODKIM has no Easy DKIM key pair in use");
        });
    }

    [Test]
    public async Task PutEmailIdentityDkimSigningAttributes_external_takes_selector_and_key()
    {
        _harness.Identities.Domain("shop", "example.com");

        var json = Ok(await _harness.RestAsync("PUT", "/v1/email/identities/example.com/dkim/signing",
            new { SigningAttributesOrigin = "EXTERNAL", SigningAttributes = new { DomainSigningSelector = "sel1", DomainSigningPrivateKey = "MIIBkey" } }));

        Assert.That(json.GetProperty("DkimTokens").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "sel1" }));
    }

    [TestCase("{\"SigningAttributesOrigin\": \"SOMEONE\"}")]
    [TestCase("{\"SigningAttributesOrigin\": \"EXTERNAL\"}")]
    [TestCase("{}")]
    public async Task PutEmailIdentityDkimSigningAttributes_refuses_bad_requests(string body)
    {
        _harness.Identities.Domain("shop", "example.com");
        var request = TestSigner.Sign("PUT", "/v1/email/identities/example.com/dkim/signing", string.Empty,
            [("Host", ApiHarness.Host), ("Content-Type", "application/json")], System.Text.Encoding.UTF8.GetBytes(body),
            ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());

        AssertError(await _harness.Handler.HandleAsync(request, CancellationToken.None), 400, "BadRequestException");
    }

    [Test]
    public async Task Signing_attributes_for_an_address_are_BadRequestException()
    {
        _harness.Identities.Address("shop", "a@example.com");

        var response = await _harness.RestAsync("PUT", "/v1/email/identities/a%40example.com/dkim/signing", new { SigningAttributesOrigin = "AWS_SES" });

        AssertError(response, 400, "BadRequestException");
    }

    [Test]
    public async Task GetAccount_reports_sending_enabled_and_the_accounts_quota()
    {
        _harness.Quotas.Set("shop", new SendQuota(new SendingLimits(200, 1.5), 7));

        var json = Ok(await _harness.RestAsync("GET", "/v2/email/account"));
        var other = Ok(await _harness.RestAsync("GET", "/v2/email/account", keyId: ApiHarness.OtherKeyId));

        Assert.That(json.GetProperty("SendingEnabled").GetBoolean(), Is.True);
        var quota = json.GetProperty("SendQuota");
        Assert.That(quota.GetProperty("Max24HourSend").GetDouble(), Is.EqualTo(200));
        Assert.That(quota.GetProperty("MaxSendRate").GetDouble(), Is.EqualTo(1.5));
        Assert.That(quota.GetProperty("SentLast24Hours").GetDouble(), Is.EqualTo(7));
        Assert.That(other.GetProperty("SendQuota").GetProperty("MaxSendRate").GetDouble(), Is.EqualTo(14), "a real rate, never -1");
    }

    internal static JsonElement Ok(Relay.Api.Http.ApiResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.That(response.ContentType, Is.EqualTo("application/json"));
        Assert.That(response.Headers["x-amzn-RequestId"], Is.Not.Empty);
        return ApiHarness.Json(response);
    }

    internal static void AssertError(Relay.Api.Http.ApiResponse response, int status, string code)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.That(response.Headers["x-amzn-ErrorType"], Is.EqualTo(code));
        Assert.That(response.Headers["x-amzn-RequestId"], Is.Not.Empty);
        Assert.That(ApiHarness.Json(response).GetProperty("message").GetString(), Is.Not.Empty);
    }
}

using System.Text;
using Relay.Api.Authentication;
using Relay.Api.Http;
using Relay.Api.Tests.Support;

namespace Relay.Api.Tests;

/// <summary>Every way a signature can be wrong gets SES's error code and status, and the action never runs.</summary>
public sealed class SigV4FailureTests
{
    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = SigV4VectorTests.HarnessWithVectorKey();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task No_authorization_header_is_missing_authentication_token()
    {
        var request = TestSigner.WithoutHeader(SigV4VectorTests.V1Vector(), "Authorization");

        await AssertRefusedAsync(request, "MissingAuthenticationToken", 403);
    }

    [TestCase("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/ses/aws4_request, SignedHeaders=host;x-amz-date")]
    [TestCase("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/ses, SignedHeaders=host;x-amz-date, Signature=00")]
    [TestCase("AWS3-HTTPS AWSAccessKeyId=AKIDEXAMPLE, Algorithm=HmacSHA256, Signature=abc")]
    [TestCase("AWS4-HMAC-SHA256 garbage")]
    public async Task A_malformed_authorization_header_is_an_incomplete_signature(string authorization)
    {
        var request = TestSigner.WithHeader(SigV4VectorTests.V1Vector(), "Authorization", authorization);

        await AssertRefusedAsync(request, "IncompleteSignature", 400);
    }

    [Test]
    public async Task No_date_header_is_an_incomplete_signature()
    {
        var request = TestSigner.WithoutHeader(SigV4VectorTests.V1Vector(), "X-Amz-Date");

        await AssertRefusedAsync(request, "IncompleteSignature", 400);
    }

    [Test]
    public async Task An_unknown_access_key_is_an_invalid_client_token_id()
    {
        var request = SigV4VectorTests.V1Vector();
        request = TestSigner.WithHeader(request, "Authorization", request.Header("Authorization")!.Replace("AKIDEXAMPLE", "AKIDUNKNOWN", StringComparison.Ordinal));

        await AssertRefusedAsync(request, "InvalidClientTokenId", 403);
    }

    [Test]
    public async Task A_revoked_access_key_is_an_invalid_client_token_id()
    {
        await _harness.Keys.RevokeAsync("AKIDEXAMPLE", _harness.Clock.GetUtcNow(), CancellationToken.None);

        await AssertRefusedAsync(SigV4VectorTests.V1Vector(), "InvalidClientTokenId", 403);
    }

    [Test]
    public async Task A_wrong_secret_does_not_match()
    {
        var request = Sign("Action=GetSendQuota&Version=2010-12-01", ApiHarness.ShopKeyId, secret: "not-the-secret");

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task A_tampered_body_does_not_match()
    {
        var request = SigV4VectorTests.V1Vector() with { Body = Encoding.UTF8.GetBytes("Action=VerifyDomainDkim&Version=2010-12-01&Domain=evil.example") };

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task A_tampered_path_does_not_match()
    {
        var request = SigV4VectorTests.V2Vector() with { RawPath = "/v2/email/identities/other%40example.com" };

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task A_tampered_signed_header_does_not_match()
    {
        var request = TestSigner.WithHeader(SigV4VectorTests.V1Vector(), "Host", "127.0.0.1:18026");

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task A_content_sha256_header_that_disagrees_with_the_body_does_not_match()
    {
        var request = TestSigner.WithHeader(SigV4VectorTests.V1Vector(), "X-Amz-Content-Sha256", CanonicalRequest.EmptyPayloadHash);

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task An_unsigned_payload_is_refused()
    {
        var request = TestSigner.WithHeader(SigV4VectorTests.V1Vector(), "X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task A_signature_older_than_fifteen_minutes_has_expired()
    {
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 11, 13, 0, TimeSpan.Zero));

        await AssertRefusedAsync(SigV4VectorTests.V1Vector(), "RequestExpired", 400);
    }

    [Test]
    public async Task A_signature_more_than_fifteen_minutes_ahead_is_refused()
    {
        var request = TestSigner.Sign("POST", "/", string.Empty, [("Host", ApiHarness.Host)], Encoding.UTF8.GetBytes("Action=GetSendQuota"),
            ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow().AddMinutes(16));

        await AssertRefusedAsync(request, "RequestExpired", 400);
    }

    [Test]
    public async Task Fourteen_minutes_of_skew_is_still_accepted()
    {
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 11, 11, 56, TimeSpan.Zero));

        var result = await _harness.Get<SigV4Verifier>().VerifyAsync(SigV4VectorTests.V1Vector(), CancellationToken.None);

        Assert.That(result.Error, Is.Null);
    }

    [Test]
    public async Task A_scope_date_other_than_the_request_date_does_not_match()
    {
        var request = TestSigner.WithHeader(SigV4VectorTests.V1Vector(), "X-Amz-Date", "20261124T000100Z");
        _harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 0, 1, 0, TimeSpan.Zero));

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task Another_service_in_the_scope_does_not_match()
    {
        var request = Sign("Action=GetSendQuota&Version=2010-12-01", ApiHarness.ShopKeyId, service: "sqs");

        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);
    }

    [Test]
    public async Task Another_region_in_the_scope_does_not_match_unless_any_region_is_accepted()
    {
        var request = Sign("Action=GetSendQuota&Version=2010-12-01", ApiHarness.ShopKeyId, region: "us-west-2");
        await AssertRefusedAsync(request, "SignatureDoesNotMatch", 403);

        using var lenient = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, AcceptAnyRegion = true });
        var result = await lenient.Get<SigV4Verifier>().VerifyAsync(request, CancellationToken.None);
        Assert.That(result.Error, Is.Null, result.Error?.Message);
    }

    [Test]
    public async Task A_signature_that_does_not_cover_the_host_is_incomplete()
    {
        var request = SigV4VectorTests.V1Vector();
        request = TestSigner.WithHeader(request, "Authorization",
            request.Header("Authorization")!.Replace("SignedHeaders=content-type;host;x-amz-date", "SignedHeaders=content-type;x-amz-date", StringComparison.Ordinal));

        await AssertRefusedAsync(request, "IncompleteSignature", 400);
    }

    [Test]
    public async Task A_session_token_names_no_credential_relay_issued()
    {
        var request = TestSigner.WithHeader(SigV4VectorTests.V1Vector(), "X-Amz-Security-Token", "FwoGZXIvYXdzE");

        await AssertRefusedAsync(request, "InvalidClientTokenId", 403);
    }

    [Test]
    public async Task A_basic_iso_date_header_serves_when_x_amz_date_is_absent()
    {
        var request = Sign("Action=GetSendQuota&Version=2010-12-01", ApiHarness.ShopKeyId, dateHeaderOnly: true);

        var result = await _harness.Get<SigV4Verifier>().VerifyAsync(request, CancellationToken.None);

        Assert.That(result.Error, Is.Null, result.Error?.Message);
    }

    [Test]
    public async Task A_refusal_runs_no_action_and_carries_a_request_id()
    {
        var request = SigV4VectorTests.V1Vector() with { Body = Encoding.UTF8.GetBytes("Action=VerifyDomainDkim&Version=2010-12-01&Domain=evil.example") };

        var response = await _harness.Handler.HandleAsync(request, CancellationToken.None);

        Assert.That(_harness.Identities.Calls, Is.Empty);
        var xml = ApiHarness.Xml(response);
        Assert.That(xml.Elements().Single(e => e.Name.LocalName == "RequestId").Value, Is.EqualTo(response.Headers["x-amzn-RequestId"]).And.Not.Empty);
        Assert.That(response.Body, Is.Not.Empty);
        Assert.That(Encoding.UTF8.GetString(response.Body), Does.Not.Contain(ApiHarness.Secret));
    }

    [Test]
    public async Task A_v2_refusal_is_json_with_the_error_type_header()
    {
        var request = SigV4VectorTests.V2Vector() with { RawPath = "/v2/email/identities/other%40example.com" };

        var response = await _harness.Handler.HandleAsync(request, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(403));
        Assert.That(response.Headers["x-amzn-ErrorType"], Is.EqualTo("SignatureDoesNotMatch"));
        Assert.That(ApiHarness.Json(response).GetProperty("message").GetString(), Is.Not.Empty);
    }

    private ApiRequest Sign(string body, string keyId, string secret = ApiHarness.Secret, string region = ApiHarness.Region,
        string service = "ses", bool dateHeaderOnly = false) =>
        TestSigner.Sign("POST", "/", string.Empty,
            [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", ApiHarness.Host)],
            Encoding.UTF8.GetBytes(body), keyId, secret, region, _harness.Clock.GetUtcNow(), service, dateHeaderOnly);

    private async Task AssertRefusedAsync(ApiRequest request, string code, int status)
    {
        var result = await _harness.Get<SigV4Verifier>().VerifyAsync(request, CancellationToken.None);
        Assert.That(result.Key, Is.Null);
        Assert.That(result.Error!.Code, Is.EqualTo(code), result.Error.Message);
        Assert.That(result.Error.StatusCode, Is.EqualTo(status));

        var response = await _harness.Handler.HandleAsync(request, CancellationToken.None);
        Assert.That(response.StatusCode, Is.EqualTo(status));
        Assert.That(_harness.Identities.Calls, Is.Empty, "nothing is done for a refused request");
    }
}

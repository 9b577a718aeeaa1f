using System.Text;
using Relay.Api.Http;
using Relay.Api.Tests.Support;

namespace Relay.Api.Tests;

/// <summary>
/// Issue 14 item 2: the body is read only after the signature's headers have passed, through a small buffer into
/// its hash, and only while there is room among the bodies in hand; every refusal before the body leaves it unread.
/// </summary>
public sealed class RequestBodyTests
{
    private const long LargeBody = 60L * 1024 * 1024;
    private const string Form = "Action=GetSendQuota&Version=2010-12-01";

    [Test]
    public async Task A_signature_naming_no_key_is_refused_without_reading_the_body()
    {
        using var harness = new ApiHarness();
        var body = new CountingStream(LargeBody);
        var context = TestHttpContext.From(SignedHead(harness, keyId: "RELAYNOSUCHKEY234567"), body, LargeBody);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(403));
        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("<Code>InvalidClientTokenId</Code>"));
        Assert.That(body.BytesRead, Is.Zero);
        Assert.That(context.Response.Headers.Connection.ToString(), Is.EqualTo("close"));
    }

    [TestCase("Authorization", "AWS4-HMAC-SHA256 Credential=RELAYSHOPKEY23456789/20261123/eu-west-1/ses/aws4_request, Signature=00", 400)]
    [TestCase("Authorization", "Bearer xyz", 400)]
    [TestCase("X-Amz-Date", "20261123T080000Z", 400)]
    [TestCase("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD", 403)]
    [TestCase("X-Amz-Security-Token", "FwoGZXIvYXdzE", 403)]
    public async Task A_bad_signature_header_is_refused_without_reading_the_body(string name, string value, int status)
    {
        using var harness = new ApiHarness();
        var body = new CountingStream(LargeBody);
        var context = TestHttpContext.From(TestSigner.WithHeader(SignedHead(harness), name, value), body, LargeBody);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(status), TestHttpContext.ResponseText(context));
        Assert.That(body.BytesRead, Is.Zero);
    }

    [Test]
    public async Task No_authorization_header_is_refused_without_reading_the_body()
    {
        using var harness = new ApiHarness();
        var body = new CountingStream(LargeBody);
        var context = TestHttpContext.From(TestSigner.WithoutHeader(SignedHead(harness), "Authorization"), body, LargeBody);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(403));
        Assert.That(body.BytesRead, Is.Zero);
    }

    [Test]
    public async Task A_signed_body_is_read_through_its_hash_and_the_call_runs()
    {
        using var harness = new ApiHarness();
        var request = harness.SignedQuery("GetSendQuota");
        var context = TestHttpContext.From(request, new MemoryStream(request.Body), request.Body.Length);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(200), TestHttpContext.ResponseText(context));
        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("GetSendQuotaResult"));
        Assert.That(harness.Get<BodyReadLimiter>().Reading, Is.Zero, "the lease is given back");
        Assert.That(harness.Get<BodyReadLimiter>().BufferedBytes, Is.Zero, "the memory is given back");
    }

    [Test]
    public async Task A_chunked_body_is_read_and_verified_too()
    {
        using var harness = new ApiHarness();
        var request = harness.SignedQuery("GetSendQuota");
        var context = TestHttpContext.From(request, new MemoryStream(request.Body), contentLength: null);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(200), TestHttpContext.ResponseText(context));
    }

    [Test]
    public async Task A_changed_body_still_does_not_match()
    {
        using var harness = new ApiHarness();
        var request = harness.SignedQuery("GetSendQuota");
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("GetSendQuota", "GetSendQuotb", StringComparison.Ordinal));
        var context = TestHttpContext.From(request, new MemoryStream(changed), changed.Length);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(403));
        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("<Code>SignatureDoesNotMatch</Code>"));
    }

    [Test]
    public async Task A_body_larger_than_the_memory_budget_is_throttled_unread()
    {
        using var harness = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, MaxBufferedBodyBytes = 1024 });
        var body = new CountingStream(4096);
        var context = TestHttpContext.From(SignedHead(harness), body, 4096);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(400));
        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("<Code>Throttling</Code>"));
        Assert.That(body.BytesRead, Is.Zero);
        Assert.That(harness.Get<BodyReadLimiter>().BufferedBytes, Is.Zero);
    }

    [Test]
    public async Task A_chunked_body_that_outgrows_the_memory_budget_is_throttled()
    {
        using var harness = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, MaxBufferedBodyBytes = 1024 * 1024 });
        var body = new CountingStream(3L * 1024 * 1024);
        var context = TestHttpContext.From(SignedHead(harness), body, contentLength: null);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(TestHttpContext.ResponseText(context), Does.Contain("<Code>Throttling</Code>"));
        Assert.That(body.BytesRead, Is.LessThan(body.Length));
    }

    [Test]
    public async Task More_bodies_at_once_than_allowed_are_throttled_and_the_next_one_after_is_served()
    {
        using var harness = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, MaxConcurrentBodyReads = 1 });
        var limiter = harness.Get<BodyReadLimiter>();
        var busy = limiter.TryEnter();
        var request = harness.SignedQuery("GetSendQuota");
        var refused = TestHttpContext.From(request, new CountingStream(request.Body.Length), request.Body.Length);
        var v2 = TestHttpContext.From(harness.SignedRest("GET", "/v2/email/account"), new MemoryStream(), 0);

        await harness.Get<IRelayHttpApplication>().HandleAsync(refused);
        await harness.Get<IRelayHttpApplication>().HandleAsync(v2);
        busy!.Dispose();
        var served = TestHttpContext.From(request, new MemoryStream(request.Body), request.Body.Length);
        await harness.Get<IRelayHttpApplication>().HandleAsync(served);

        Assert.That(refused.Response.StatusCode, Is.EqualTo(400));
        Assert.That(TestHttpContext.ResponseText(refused), Does.Contain("<Code>Throttling</Code>"));
        Assert.That(((CountingStream)refused.Request.Body).BytesRead, Is.Zero);
        Assert.That(v2.Response.StatusCode, Is.EqualTo(429));
        Assert.That(v2.Response.Headers["x-amzn-ErrorType"].ToString(), Is.EqualTo("TooManyRequestsException"));
        Assert.That(served.Response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task An_oversized_body_is_refused_from_its_content_length_unread()
    {
        using var harness = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, MaxMessageSize = 10 });
        var length = harness.Options.MaxRequestBodySize + 1;
        var body = new CountingStream(length);
        var context = TestHttpContext.From(SignedHead(harness), body, length);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(413));
        Assert.That(context.Response.Headers["x-amzn-RequestId"].ToString(), Is.Not.Empty);
        Assert.That(body.BytesRead, Is.Zero);
    }

    [Test]
    public async Task An_oversized_chunked_body_is_refused_before_it_is_buffered_whole()
    {
        using var harness = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, MaxMessageSize = 10 });
        var body = new CountingStream(harness.Options.MaxRequestBodySize * 4);
        var context = TestHttpContext.From(SignedHead(harness), body, contentLength: null);

        await harness.Get<IRelayHttpApplication>().HandleAsync(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(413));
        Assert.That(body.BytesRead, Is.LessThanOrEqualTo(harness.Options.MaxRequestBodySize + (64 * 1024)));
    }

    /// <summary>A v1 head signed for <see cref="Form"/>: its headers pass, its body is whatever the test streams.</summary>
    private static ApiRequest SignedHead(ApiHarness harness, string keyId = ApiHarness.ShopKeyId) =>
        TestSigner.Sign("POST", "/", string.Empty,
            [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", ApiHarness.Host)],
            Encoding.UTF8.GetBytes(Form), keyId, ApiHarness.Secret, ApiHarness.Region, harness.Clock.GetUtcNow());
}

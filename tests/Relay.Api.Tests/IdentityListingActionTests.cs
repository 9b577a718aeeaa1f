using System.Text.Json;
using Relay.Api.Rest;
using Relay.Api.Tests.Support;
using Relay.Core.Identities;

namespace Relay.Api.Tests;

/// <summary>
/// ListEmailIdentities as botocore sends it (<c>GET /v2/email/identities?PageSize=&amp;NextToken=</c>) and as the JS SDK v3
/// sends it since 3.11xx (<c>POST /v2/email/list-identities</c> with <c>{"PageSize", "NextToken", "Filter"}</c>).
/// </summary>
public sealed class IdentityListingActionTests
{
    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new ApiHarness();
        _harness.Identities.Domain("shop", "a.example", VerificationStatus.Success, verified: true);
        _harness.Identities.Address("shop", "b@a.example");
        _harness.Identities.Domain("shop", "c.example");
        _harness.Identities.Domain("other", "other.example");
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public void Both_routes_are_ListEmailIdentities()
    {
        var protocol = _harness.Get<RestProtocol>();

        Assert.That(protocol.Route("GET", "/v2/email/identities").Action.Name, Is.EqualTo("ListEmailIdentities"));
        Assert.That(protocol.Route("POST", "/v2/email/list-identities").Action.Name, Is.EqualTo("ListEmailIdentities"));
    }

    [Test]
    public async Task The_post_form_lists_the_accounts_identities_like_the_get_form()
    {
        var posted = Ok(await _harness.RestAsync("POST", "/v2/email/list-identities", new { PageSize = 100 }));
        var got = Ok(await _harness.RestAsync("GET", "/v2/email/identities"));

        Assert.That(Names(posted), Is.EqualTo(new[] { "a.example", "b@a.example", "c.example" }));
        Assert.That(posted.GetRawText(), Is.EqualTo(got.GetRawText()));
    }

    [Test]
    public async Task The_post_form_pages_with_PageSize_and_NextToken_in_the_body()
    {
        var first = Ok(await _harness.RestAsync("POST", "/v2/email/list-identities", new { PageSize = 2 }));
        var second = Ok(await _harness.RestAsync("POST", "/v2/email/list-identities",
            new { PageSize = 2, NextToken = first.GetProperty("NextToken").GetString() }));

        Assert.That(Names(first), Is.EqualTo(new[] { "a.example", "b@a.example" }));
        Assert.That(Names(second), Is.EqualTo(new[] { "c.example" }));
        Assert.That(second.TryGetProperty("NextToken", out _), Is.False);
    }

    [Test]
    public async Task An_empty_post_body_lists_everything()
    {
        var request = TestSigner.Sign("POST", "/v2/email/list-identities", string.Empty, [("Host", ApiHarness.Host)], [],
            ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());

        Assert.That(Names(Ok(await _harness.Handler.HandleAsync(request, CancellationToken.None))), Has.Length.EqualTo(3));
    }

    [TestCase("IDENTITY_TYPE", "DOMAIN", new[] { "a.example", "c.example" })]
    [TestCase("IDENTITY_TYPE", "EMAIL_ADDRESS", new[] { "b@a.example" })]
    [TestCase("IDENTITY_NAME_CONTAINS", "A.EX", new[] { "a.example", "b@a.example" })]
    [TestCase("VERIFICATION_STATUS", "SUCCESS", new[] { "a.example" })]
    [TestCase("VERIFICATION_STATUS", "PENDING", new[] { "b@a.example", "c.example" })]
    public async Task The_post_form_filters(string key, string value, string[] expected)
    {
        var json = Ok(await _harness.RestAsync("POST", "/v2/email/list-identities",
            new { Filter = new Dictionary<string, string> { [key] = value } }));

        Assert.That(Names(json), Is.EqualTo(expected));
    }

    [Test]
    public async Task Filters_combine_and_page_together()
    {
        var first = Ok(await _harness.RestAsync("POST", "/v2/email/list-identities",
            new { PageSize = 1, Filter = new Dictionary<string, string> { ["IDENTITY_TYPE"] = "DOMAIN", ["IDENTITY_NAME_CONTAINS"] = "example" } }));
        var second = Ok(await _harness.RestAsync("POST", "/v2/email/list-identities",
            new { PageSize = 1, NextToken = first.GetProperty("NextToken").GetString(), Filter = new Dictionary<string, string> { ["IDENTITY_TYPE"] = "DOMAIN" } }));

        Assert.That(Names(first), Is.EqualTo(new[] { "a.example" }));
        Assert.That(Names(second), Is.EqualTo(new[] { "c.example" }));
        Assert.That(second.TryGetProperty("NextToken", out _), Is.False);
    }

    [TestCase("{\"PageSize\": 0}")]
    [TestCase("{\"PageSize\": 1001}")]
    [TestCase("{\"PageSize\": \"10\"}")]
    [TestCase("{\"PageSize\": 1.5}")]
    [TestCase("{\"NextToken\": \"!!\"}")]
    [TestCase("{\"Filter\": {\"COLOUR\": \"blue\"}}")]
    [TestCase("{\"Filter\": {\"IDENTITY_TYPE\": \"PLANET\"}}")]
    [TestCase("{\"Filter\": {\"VERIFICATION_STATUS\": \"MAYBE\"}}")]
    [TestCase("{\"Filter\": {\"IDENTITY_TYPE\": 5}}")]
    [TestCase("{\"Filter\": [\"IDENTITY_TYPE\"]}")]
    public async Task A_bad_post_form_is_BadRequestException(string body)
    {
        var request = TestSigner.Sign("POST", "/v2/email/list-identities", string.Empty, [("Host", ApiHarness.Host), ("Content-Type", "application/json")],
            System.Text.Encoding.UTF8.GetBytes(body), ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());

        var response = await _harness.Handler.HandleAsync(request, CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(400), System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.That(response.Headers["x-amzn-ErrorType"], Is.EqualTo("BadRequestException"));
    }

    private static string[] Names(JsonElement json) =>
        json.GetProperty("EmailIdentities").EnumerateArray().Select(item => item.GetProperty("IdentityName").GetString()!).ToArray();

    private static JsonElement Ok(Http.ApiResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), System.Text.Encoding.UTF8.GetString(response.Body));
        return ApiHarness.Json(response);
    }
}

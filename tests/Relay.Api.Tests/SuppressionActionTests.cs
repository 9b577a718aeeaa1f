using System.Text.Json;
using Relay.Api.Rest;
using Relay.Api.Tests.Support;
using static Relay.Api.Tests.RestActionTests;

namespace Relay.Api.Tests;

/// <summary>The SES v2 suppression-list operations: routes, shapes, paging, filters, account scoping and errors.</summary>
public sealed class SuppressionActionTests
{
    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [TestCase("PUT", "/v2/email/suppression/addresses", "PutSuppressedDestination", null)]
    [TestCase("GET", "/v2/email/suppression/addresses", "ListSuppressedDestinations", null)]
    [TestCase("GET", "/v2/email/suppression/addresses/a%2Bb%40example.com", "GetSuppressedDestination", "a+b@example.com")]
    [TestCase("DELETE", "/v2/email/suppression/addresses/a%40example.com", "DeleteSuppressedDestination", "a@example.com")]
    [TestCase("PUT", "/v2/email/account/suppression", "PutAccountSuppressionAttributes", null)]
    public void Routes_select_the_operation_and_decode_the_address(string method, string path, string action, string? address)
    {
        var (route, label) = _harness.Get<RestProtocol>().Route(method, path);

        Assert.That(route.Name, Is.EqualTo(action));
        Assert.That(label, Is.EqualTo(address));
    }

    [Test]
    public async Task A_put_address_is_got_listed_and_deleted_in_the_callers_account_only()
    {
        Ok(await PutAsync("Someone@Example.COM", "BOUNCE"));

        var got = Ok(await _harness.RestAsync("GET", "/v2/email/suppression/addresses/someone%40example.com")).GetProperty("SuppressedDestination");
        var otherGet = await _harness.RestAsync("GET", "/v2/email/suppression/addresses/someone%40example.com", keyId: ApiHarness.OtherKeyId);
        var otherList = Ok(await _harness.RestAsync("GET", "/v2/email/suppression/addresses", keyId: ApiHarness.OtherKeyId));
        Assert.Multiple(() =>
        {
            Assert.That(got.GetProperty("EmailAddress").GetString(), Is.EqualTo("someone@example.com"));
            Assert.That(got.GetProperty("Reason").GetString(), Is.EqualTo("BOUNCE"));
            Assert.That(got.GetProperty("LastUpdateTime").GetDouble(), Is.EqualTo(_harness.Clock.GetUtcNow().ToUnixTimeSeconds()));
            AssertError(otherGet, 404, "NotFoundException");
            Assert.That(otherList.GetProperty("SuppressedDestinationSummaries").GetArrayLength(), Is.Zero);
        });

        Ok(await _harness.RestAsync("DELETE", "/v2/email/suppression/addresses/someone%40example.com"));
        AssertError(await _harness.RestAsync("DELETE", "/v2/email/suppression/addresses/someone%40example.com"), 404, "NotFoundException");
        AssertError(await _harness.RestAsync("GET", "/v2/email/suppression/addresses/someone%40example.com"), 404, "NotFoundException");
    }

    [Test]
    public async Task The_list_pages_in_address_order_and_filters_by_reason_and_date()
    {
        Ok(await PutAsync("c@example.com", "BOUNCE"));
        Ok(await PutAsync("a@example.com", "COMPLAINT"));
        _harness.Clock.Advance(TimeSpan.FromHours(2));
        var later = _harness.Clock.GetUtcNow();
        Ok(await PutAsync("b@example.com", "BOUNCE"));

        var first = Ok(await ListAsync("PageSize=2"));
        var second = Ok(await ListAsync($"PageSize=2&NextToken={Uri.EscapeDataString(first.GetProperty("NextToken").GetString()!)}"));
        var bounces = Ok(await ListAsync("Reason=BOUNCE"));
        var both = Ok(await ListAsync("Reason=BOUNCE&Reason=COMPLAINT"));
        var recent = Ok(await ListAsync($"StartDate={Uri.EscapeDataString(later.AddMinutes(-1).ToString("O"))}"));
        var old = Ok(await ListAsync($"EndDate={later.AddMinutes(-1).ToUnixTimeSeconds()}"));

        Assert.Multiple(() =>
        {
            Assert.That(Addresses(first), Is.EqualTo(new[] { "a@example.com", "b@example.com" }));
            Assert.That(Addresses(second), Is.EqualTo(new[] { "c@example.com" }));
            Assert.That(second.TryGetProperty("NextToken", out _), Is.False, "the last page has no NextToken");
            Assert.That(Addresses(bounces), Is.EqualTo(new[] { "b@example.com", "c@example.com" }));
            Assert.That(Addresses(both), Has.Length.EqualTo(3));
            Assert.That(Addresses(recent), Is.EqualTo(new[] { "b@example.com" }), "StartDate as ISO 8601, as botocore sends it");
            Assert.That(Addresses(old), Is.EqualTo(new[] { "a@example.com", "c@example.com" }), "EndDate as epoch seconds");
        });
    }

    [TestCase("{\"EmailAddress\": \"not an address\", \"Reason\": \"BOUNCE\"}")]
    [TestCase("{\"EmailAddress\": \"a@example.com\", \"Reason\": \"UNSUBSCRIBE\"}")]
    [TestCase("{\"EmailAddress\": \"a@example.com\"}")]
    [TestCase("{\"Reason\": \"BOUNCE\"}")]
    public async Task A_bad_put_is_BadRequestException_and_adds_nothing(string body)
    {
        var request = TestSigner.Sign("PUT", "/v2/email/suppression/addresses", string.Empty,
            [("Host", ApiHarness.Host), ("Content-Type", "application/json")], System.Text.Encoding.UTF8.GetBytes(body),
            ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());

        AssertError(await _harness.Handler.HandleAsync(request, CancellationToken.None), 400, "BadRequestException");
        Assert.That(Ok(await ListAsync(string.Empty)).GetProperty("SuppressedDestinationSummaries").GetArrayLength(), Is.Zero);
    }

    [TestCase("PageSize=0")]
    [TestCase("PageSize=1001")]
    [TestCase("Reason=SPAM")]
    [TestCase("StartDate=yesterday")]
    [TestCase("NextToken=%25%25")]
    public async Task A_bad_list_request_is_BadRequestException(string query) =>
        AssertError(await ListAsync(query), 400, "BadRequestException");

    [Test]
    public async Task Account_suppression_attributes_are_ses_defaults_until_put_and_then_what_was_put()
    {
        var before = Ok(await _harness.RestAsync("GET", "/v2/email/account")).GetProperty("SuppressionAttributes").GetProperty("SuppressedReasons");
        Ok(await _harness.RestAsync("PUT", "/v2/email/account/suppression", new { SuppressedReasons = new[] { "COMPLAINT" } }));
        var after = Ok(await _harness.RestAsync("GET", "/v2/email/account")).GetProperty("SuppressionAttributes").GetProperty("SuppressedReasons");
        var other = Ok(await _harness.RestAsync("GET", "/v2/email/account", keyId: ApiHarness.OtherKeyId))
            .GetProperty("SuppressionAttributes").GetProperty("SuppressedReasons");

        Assert.That(Strings(before), Is.EqualTo(new[] { "BOUNCE", "COMPLAINT" }));
        Assert.That(Strings(after), Is.EqualTo(new[] { "COMPLAINT" }));
        Assert.That(Strings(other), Is.EqualTo(new[] { "BOUNCE", "COMPLAINT" }));
        AssertError(await _harness.RestAsync("PUT", "/v2/email/account/suppression", new { SuppressedReasons = new[] { "SPAM" } }), 400, "BadRequestException");
    }

    private Task<Relay.Api.Http.ApiResponse> PutAsync(string address, string reason) =>
        _harness.RestAsync("PUT", "/v2/email/suppression/addresses", new { EmailAddress = address, Reason = reason });

    private Task<Relay.Api.Http.ApiResponse> ListAsync(string query) =>
        _harness.RestAsync("GET", "/v2/email/suppression/addresses", rawQuery: query);

    private static string[] Addresses(JsonElement list) =>
        list.GetProperty("SuppressedDestinationSummaries").EnumerateArray().Select(entry => entry.GetProperty("EmailAddress").GetString()!).ToArray();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToArray();
}

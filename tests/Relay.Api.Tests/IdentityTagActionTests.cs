using System.Text.Json;
using Relay.Api.Rest;
using Relay.Api.Tests.Support;
using Relay.Core.Identities;

namespace Relay.Api.Tests;

/// <summary>
/// Tags on identities: CreateEmailIdentity's Tags, GetEmailIdentity, and TagResource / UntagResource /
/// ListTagsForResource by the identity's ARN (<c>arn:aws:ses:&lt;region&gt;:&lt;account id&gt;:identity/&lt;name&gt;</c>).
/// </summary>
public sealed class IdentityTagActionTests
{
    private const string ShopDomainArn = "arn:aws:ses:" + ApiHarness.Region + ":shop:identity/example.com";

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [TestCase("POST", "/v2/email/tags", "TagResource")]
    [TestCase("DELETE", "/v2/email/tags", "UntagResource")]
    [TestCase("GET", "/v2/email/tags", "ListTagsForResource")]
    public void Tag_routes_select_the_operation(string method, string path, string action) =>
        Assert.That(_harness.Get<RestProtocol>().Route(method, path).Action.Name, Is.EqualTo(action));

    [Test]
    public async Task CreateEmailIdentity_stores_its_tags_and_GetEmailIdentity_returns_them()
    {
        Ok(await _harness.RestAsync("POST", "/v2/email/identities", new
        {
            EmailIdentity = "example.com",
            Tags = new[] { new { Key = "team", Value = "billing" }, new { Key = "env", Value = string.Empty } },
        }));

        var json = Ok(await _harness.RestAsync("GET", "/v2/email/identities/example.com"));

        Assert.That(Tags(json), Is.EqualTo(new[] { ("env", string.Empty), ("team", "billing") }));
    }

    [Test]
    public async Task CreateEmailIdentity_with_bad_tags_is_BadRequestException_and_creates_nothing()
    {
        var response = await _harness.RestAsync("POST", "/v2/email/identities", new
        {
            EmailIdentity = "example.com",
            Tags = new[] { new { Key = "team", Value = "a" }, new { Key = "team", Value = "b" } },
        });

        AssertError(response, 400, "BadRequestException");
        Assert.That(await _harness.Identities.FindAsync("shop", "example.com", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task TagResource_adds_and_overwrites_ListTagsForResource_lists_UntagResource_removes()
    {
        _harness.Identities.Domain("shop", "example.com");

        Ok(await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = ShopDomainArn, Tags = new[] { new { Key = "a", Value = "1" }, new { Key = "b", Value = "2" } } }));
        Ok(await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = ShopDomainArn, Tags = new[] { new { Key = "b", Value = "3" }, new { Key = "c", Value = "4" } } }));
        var listed = Ok(await _harness.RestAsync("GET", "/v2/email/tags", rawQuery: "ResourceArn=" + Uri.EscapeDataString(ShopDomainArn)));
        Ok(await _harness.RestAsync("DELETE", "/v2/email/tags", rawQuery: $"ResourceArn={Uri.EscapeDataString(ShopDomainArn)}&TagKeys=a&TagKeys=c&TagKeys=absent"));
        var after = Ok(await _harness.RestAsync("GET", "/v2/email/tags", rawQuery: "ResourceArn=" + Uri.EscapeDataString(ShopDomainArn)));

        Assert.That(Tags(listed), Is.EqualTo(new[] { ("a", "1"), ("b", "3"), ("c", "4") }));
        Assert.That(Tags(after), Is.EqualTo(new[] { ("b", "3") }));
    }

    [Test]
    public async Task ListTagsForResource_of_an_untagged_identity_is_an_empty_list()
    {
        _harness.Identities.Address("shop", "user+x@example.com");
        var arn = $"arn:aws:ses:{ApiHarness.Region}:shop:identity/user+x@example.com";

        var json = Ok(await _harness.RestAsync("GET", "/v2/email/tags", rawQuery: "ResourceArn=" + Uri.EscapeDataString(arn)));

        Assert.That(json.GetProperty("Tags").GetArrayLength(), Is.Zero);
    }

    [TestCase("arn:aws:ses:eu-west-1:shop:identity/nothing.example")]
    [TestCase("arn:aws:ses:eu-west-1:other:identity/other.example")]
    [TestCase("arn:aws:ses:us-east-1:shop:identity/example.com")]
    [TestCase("arn:aws:sns:eu-west-1:shop:identity/example.com")]
    [TestCase("arn:aws:ses:eu-west-1:shop:configuration-set/example.com")]
    public async Task An_arn_that_is_not_one_of_the_accounts_identities_is_NotFoundException(string arn)
    {
        _harness.Identities.Domain("shop", "example.com");
        _harness.Identities.Domain("other", "other.example");
        var query = "ResourceArn=" + Uri.EscapeDataString(arn);

        AssertError(await _harness.RestAsync("GET", "/v2/email/tags", rawQuery: query), 404, "NotFoundException");
        AssertError(await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = arn, Tags = new[] { new { Key = "k", Value = "v" } } }), 404, "NotFoundException");
        AssertError(await _harness.RestAsync("DELETE", "/v2/email/tags", rawQuery: query + "&TagKeys=k"), 404, "NotFoundException");
        Assert.That(await _harness.Identities.ListTagsAsync("other", "other.example", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Another_region_is_accepted_when_any_region_is()
    {
        using var harness = new ApiHarness(new SesApiOptions { Region = ApiHarness.Region, AcceptAnyRegion = true });
        harness.Identities.Domain("shop", "example.com");

        Ok(await harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = "arn:aws:ses:ap-south-1:shop:identity/example.com", Tags = new[] { new { Key = "k", Value = "v" } } }));

        Assert.That(await harness.Identities.ListTagsAsync("shop", "example.com", CancellationToken.None), Has.Count.EqualTo(1));
    }

    [TestCase("{\"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}]}", TestName = "no ResourceArn")]
    [TestCase("{\"ResourceArn\": \"example.com\", \"Tags\": [{\"Key\": \"k\", \"Value\": \"v\"}]}", TestName = "not an ARN")]
    [TestCase("{\"ResourceArn\": \"ARN\"}", TestName = "no Tags")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"\", \"Value\": \"v\"}]}", TestName = "empty key")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Value\": \"v\"}]}", TestName = "no key")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"k\"}]}", TestName = "no value")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"KEY129\", \"Value\": \"v\"}]}", TestName = "key of 129 characters")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"k\", \"Value\": \"VALUE257\"}]}", TestName = "value of 257 characters")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"aws:owner\", \"Value\": \"v\"}]}", TestName = "aws: prefix")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"AWS:owner\", \"Value\": \"v\"}]}", TestName = "AWS: prefix")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [{\"Key\": \"k\", \"Value\": \"1\"}, {\"Key\": \"k\", \"Value\": \"2\"}]}", TestName = "duplicate keys")]
    [TestCase("{\"ResourceArn\": \"ARN\", \"Tags\": [\"k\"]}", TestName = "a tag that is not an object")]
    public async Task A_bad_TagResource_request_is_BadRequestException(string body)
    {
        _harness.Identities.Domain("shop", "example.com");
        body = body.Replace("ARN", ShopDomainArn, StringComparison.Ordinal)
            .Replace("KEY129", new string('k', 129), StringComparison.Ordinal)
            .Replace("VALUE257", new string('v', 257), StringComparison.Ordinal);

        AssertError(await SendJsonAsync("POST", "/v2/email/tags", body), 400, "BadRequestException");
        Assert.That(await _harness.Identities.ListTagsAsync("shop", "example.com", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Keys_of_128_and_values_of_256_characters_are_taken()
    {
        _harness.Identities.Domain("shop", "example.com");
        var key = new string('k', 128);
        var value = new string('v', 256);

        Ok(await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = ShopDomainArn, Tags = new[] { new { Key = key, Value = value } } }));

        Assert.That(await _harness.Identities.ListTagsAsync("shop", "example.com", CancellationToken.None), Is.EqualTo(new[] { new IdentityTag(key, value) }));
    }

    [Test]
    public async Task More_than_50_tags_on_one_identity_is_BadRequestException_and_changes_nothing()
    {
        _harness.Identities.Domain("shop", "example.com");
        var fifty = Enumerable.Range(0, 50).Select(i => new { Key = $"k{i:00}", Value = "v" }).ToArray();
        Ok(await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = ShopDomainArn, Tags = fifty }));

        var overwrite = await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = ShopDomainArn, Tags = new[] { new { Key = "k00", Value = "new" } } });
        var oneMore = await _harness.RestAsync("POST", "/v2/email/tags", new { ResourceArn = ShopDomainArn, Tags = new[] { new { Key = "k99", Value = "v" }, new { Key = "k01", Value = "changed" } } });

        Ok(overwrite);
        AssertError(oneMore, 400, "BadRequestException");
        var stored = await _harness.Identities.ListTagsAsync("shop", "example.com", CancellationToken.None);
        Assert.That(stored, Has.Count.EqualTo(50));
        Assert.That(stored.Single(tag => tag.Key == "k01").Value, Is.EqualTo("v"));
    }

    [Test]
    public async Task UntagResource_without_TagKeys_is_BadRequestException()
    {
        _harness.Identities.Domain("shop", "example.com");

        AssertError(await _harness.RestAsync("DELETE", "/v2/email/tags", rawQuery: "ResourceArn=" + Uri.EscapeDataString(ShopDomainArn)), 400, "BadRequestException");
    }

    [Test]
    public async Task ListTagsForResource_without_ResourceArn_is_BadRequestException() =>
        AssertError(await _harness.RestAsync("GET", "/v2/email/tags"), 400, "BadRequestException");

    private Task<Http.ApiResponse> SendJsonAsync(string method, string path, string body)
    {
        var request = TestSigner.Sign(method, path, string.Empty, [("Host", ApiHarness.Host), ("Content-Type", "application/json")],
            System.Text.Encoding.UTF8.GetBytes(body), ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());
        return _harness.Handler.HandleAsync(request, CancellationToken.None);
    }

    private static (string Key, string Value)[] Tags(JsonElement json) =>
        json.GetProperty("Tags").EnumerateArray().Select(tag => (tag.GetProperty("Key").GetString()!, tag.GetProperty("Value").GetString()!)).ToArray();

    private static JsonElement Ok(Http.ApiResponse response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(200), System.Text.Encoding.UTF8.GetString(response.Body));
        return ApiHarness.Json(response);
    }

    private static void AssertError(Http.ApiResponse response, int status, string code)
    {
        Assert.That(response.StatusCode, Is.EqualTo(status), System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.That(response.Headers["x-amzn-ErrorType"], Is.EqualTo(code));
    }
}

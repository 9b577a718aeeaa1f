using System.Text.Json;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// SES v2 identity calls through each SDK against a real Relay: tags (CreateEmailIdentity's Tags, TagResource,
/// ListTagsForResource, UntagResource by the identity's ARN), ListEmailIdentities with paging (the JS SDK v3 sends
/// <c>POST /v2/email/list-identities</c>, boto3 <c>GET /v2/email/identities</c>), and the verification status and
/// error type once verification has started.
/// </summary>
[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]
public sealed class IdentityApiThroughSdkTests(string sdkName) : SdkFixture(sdkName)
{
    private const string Arn = "arn:aws:ses:" + ApiRelay.Region + ":shop:identity/example.com";

    [Test]
    public async Task CreateEmailIdentity_with_tags_then_GetEmailIdentity_returns_them()
    {
        (await Sdk.CallAsync("sesv2", "CreateEmailIdentity", new
        {
            EmailIdentity = "example.com",
            Tags = new[] { new { Key = "team", Value = "billing" }, new { Key = "env", Value = "prod" } },
        })).Json();

        var identity = (await Sdk.CallAsync("sesv2", "GetEmailIdentity", new { EmailIdentity = "example.com" })).Json();

        Assert.That(Tags(identity), Is.EqualTo(new[] { ("env", "prod"), ("team", "billing") }));
    }

    [Test]
    public async Task TagResource_ListTagsForResource_and_UntagResource_by_the_identity_arn()
    {
        (await Sdk.CallAsync("sesv2", "CreateEmailIdentity", new { EmailIdentity = "example.com" })).Json();

        (await Sdk.CallAsync("sesv2", "TagResource", new { ResourceArn = Arn, Tags = new[] { new { Key = "a", Value = "1" }, new { Key = "b", Value = "2" } } })).Json();
        var tagged = (await Sdk.CallAsync("sesv2", "ListTagsForResource", new { ResourceArn = Arn })).Json();
        (await Sdk.CallAsync("sesv2", "UntagResource", new { ResourceArn = Arn, TagKeys = new[] { "a", "absent" } })).Json();
        var untagged = (await Sdk.CallAsync("sesv2", "ListTagsForResource", new { ResourceArn = Arn })).Json();

        Assert.That(Tags(tagged), Is.EqualTo(new[] { ("a", "1"), ("b", "2") }));
        Assert.That(Tags(untagged), Is.EqualTo(new[] { ("b", "2") }));
    }

    [Test]
    public async Task Tag_errors_come_back_as_SES_names_them()
    {
        await Relay.Identities.CreateIdentityAsync("other", "other.test", signing: null, CancellationToken.None);
        (await Sdk.CallAsync("sesv2", "CreateEmailIdentity", new { EmailIdentity = "example.com" })).Json();

        var otherAccount = await Sdk.CallAsync("sesv2", "ListTagsForResource", new { ResourceArn = $"arn:aws:ses:{ApiRelay.Region}:other:identity/other.test" });
        var unknown = await Sdk.CallAsync("sesv2", "TagResource", new { ResourceArn = $"arn:aws:ses:{ApiRelay.Region}:shop:identity/nothing.test", Tags = new[] { new { Key = "k", Value = "v" } } });
        var reserved = await Sdk.CallAsync("sesv2", "TagResource", new { ResourceArn = Arn, Tags = new[] { new { Key = "aws:owner", Value = "v" } } });

        otherAccount.AssertError("NotFoundException");
        unknown.AssertError("NotFoundException");
        reserved.AssertError("BadRequestException");
        Assert.That(await Relay.Identities.ListTagsAsync("shop", "example.com", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task ListEmailIdentities_lists_the_accounts_identities_page_by_page()
    {
        foreach (var name in new[] { "a.example.com", "b@example.com", "c.example.com" })
        {
            (await Sdk.CallAsync("sesv2", "CreateEmailIdentity", new { EmailIdentity = name })).Json();
        }

        await Relay.Identities.CreateIdentityAsync("other", "other.test", signing: null, CancellationToken.None);

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await Sdk.CallAsync("sesv2", "ListEmailIdentities", token is null ? new { PageSize = 1 } : new { PageSize = 1, NextToken = token })).Json();
            names.AddRange(page.GetProperty("EmailIdentities").EnumerateArray().Select(item => item.GetProperty("IdentityName").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.That(names, Is.EqualTo(new[] { "a.example.com", "b@example.com", "c.example.com" }));
        Assert.That(pages, Is.EqualTo(3));
    }

    [Test]
    public async Task Verification_has_started_after_create_and_a_failed_lookup_says_why()
    {
        (await Sdk.CallAsync("sesv2", "CreateEmailIdentity", new { EmailIdentity = "example.com" })).Json();

        // The background check may already have run against the test's dead resolver: then it is TEMPORARY_FAILURE.
        var created = (await Sdk.CallAsync("sesv2", "GetEmailIdentity", new { EmailIdentity = "example.com" })).Json();
        Assert.That(created.GetProperty("VerificationStatus").GetString(), Is.AnyOf("PENDING", "TEMPORARY_FAILURE"));

        await Relay.Identities.CheckNowAsync("shop", "example.com", CancellationToken.None);
        var identity = (await Sdk.CallAsync("sesv2", "GetEmailIdentity", new { EmailIdentity = "example.com" })).Json();
        var listed = (await Sdk.CallAsync("sesv2", "ListEmailIdentities")).Json().GetProperty("EmailIdentities")[0];
        var v1 = (await Sdk.CallAsync("ses", "GetIdentityVerificationAttributes", new { Identities = new[] { "example.com" } })).Json()
            .GetProperty("VerificationAttributes").GetProperty("example.com");

        Assert.That(identity.GetProperty("VerificationStatus").GetString(), Is.EqualTo("TEMPORARY_FAILURE"));
        Assert.That(listed.GetProperty("VerificationStatus").GetString(), Is.EqualTo("TEMPORARY_FAILURE"));
        Assert.That(v1.GetProperty("VerificationStatus").GetString(), Is.EqualTo("TemporaryFailure"));
        if (SdkName == SdkClient.Boto3DebianName)
        {
            // botocore 1.29's model has no VerificationInfo: the client drops it.
            Assert.That(identity.TryGetProperty("VerificationInfo", out _), Is.False);
        }
        else
        {
            var info = identity.GetProperty("VerificationInfo");
            Assert.That(info.GetProperty("ErrorType").GetString(), Is.EqualTo("DNS_SERVER_ERROR"));
            Assert.That(info.TryGetProperty("LastCheckedTimestamp", out _), Is.True);
        }
    }

    private static (string Key, string Value)[] Tags(JsonElement json) =>
        json.GetProperty("Tags").EnumerateArray().Select(tag => (tag.GetProperty("Key").GetString()!, tag.GetProperty("Value").GetString()!)).ToArray();
}

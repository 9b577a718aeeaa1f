using System.Text;
using System.Xml.Linq;
using Relay.Api.Tests.Support;
using Relay.Core.Identities;
using Relay.Core.Quotas;

namespace Relay.Api.Tests;

/// <summary>Each v1 action against the fake lifecycle: SES's XML shapes, account scoping, and the error mapping.</summary>
public sealed class QueryActionTests
{
    private static readonly XNamespace Ses = "http://ses.amazonaws.com/doc/2010-12-01/";

    private ApiHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new ApiHarness();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public async Task VerifyDomainDkim_returns_three_tokens_in_the_ses_envelope()
    {
        var response = await _harness.QueryAsync("VerifyDomainDkim", [("Domain", "example.com")]);

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.ContentType, Is.EqualTo("text/xml"));
        var root = ApiHarness.Xml(response);
        Assert.That(root.Name, Is.EqualTo(Ses + "VerifyDomainDkimResponse"));
        var tokens = root.Element(Ses + "VerifyDomainDkimResult")!.Element(Ses + "DkimTokens")!.Elements(Ses + "member").Select(e => e.Value);
        Assert.That(tokens, Is.EqualTo(new[] { "aexamplecom", "bexamplecom", "cexamplecom" }));
        var requestId = root.Element(Ses + "ResponseMetadata")!.Element(Ses + "RequestId")!.Value;
        Assert.That(requestId, Is.EqualTo(response.Headers["x-amzn-RequestId"]));
        Assert.That(Guid.TryParse(requestId, out _), Is.True);
    }

    [Test]
    public async Task A_throttled_VerifyDomainDkim_is_Throttling_400()
    {
        _harness.Identities.ThrottleNext = true;

        var response = await _harness.QueryAsync("VerifyDomainDkim", [("Domain", "example.com")]);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("Throttling"));
    }

    [Test]
    public async Task A_bad_domain_is_InvalidParameterValue_in_the_error_envelope()
    {
        var response = await _harness.QueryAsync("VerifyDomainDkim", [("Domain", "not a domain!")]);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        var root = ApiHarness.Xml(response);
        Assert.That(root.Name, Is.EqualTo(Ses + "ErrorResponse"));
        var error = root.Element(Ses + "Error")!;
        Assert.That(error.Element(Ses + "Type")!.Value, Is.EqualTo("Sender"));
        Assert.That(error.Element(Ses + "Code")!.Value, Is.EqualTo("InvalidParameterValue"));
        Assert.That(error.Element(Ses + "Message")!.Value, Does.Contain("not a domain!"));
        Assert.That(root.Element(Ses + "RequestId")!.Value, Is.EqualTo(response.Headers["x-amzn-RequestId"]));
    }

    [Test]
    public async Task VerifyDomainIdentity_returns_the_txt_token()
    {
        var response = await _harness.QueryAsync("VerifyDomainIdentity", [("Domain", "example.com")]);

        Assert.That(Result(response, "VerifyDomainIdentity").Element(Ses + "VerificationToken")!.Value, Is.EqualTo("txt-example.com"));
    }

    [Test]
    public async Task VerifyEmailIdentity_has_an_empty_result_and_VerifyEmailAddress_none()
    {
        var identity = ApiHarness.Xml(await _harness.QueryAsync("VerifyEmailIdentity", [("EmailAddress", "a@example.com")]));
        var address = ApiHarness.Xml(await _harness.QueryAsync("VerifyEmailAddress", [("EmailAddress", "b@example.com")]));

        Assert.That(identity.Element(Ses + "VerifyEmailIdentityResult"), Is.Not.Null);
        Assert.That(identity.Element(Ses + "VerifyEmailIdentityResult")!.HasElements, Is.False);
        Assert.That(address.Name, Is.EqualTo(Ses + "VerifyEmailAddressResponse"));
        Assert.That(address.Element(Ses + "VerifyEmailAddressResult"), Is.Null);
        Assert.That(_harness.Identities.Calls, Is.EqualTo(new[] { "VerifyEmailIdentity shop a@example.com", "VerifyEmailIdentity shop b@example.com" }));
    }

    [Test]
    public async Task GetIdentityVerificationAttributes_leaves_out_unknown_and_other_accounts_identities()
    {
        _harness.Identities.Domain("shop", "example.com", VerificationStatus.Success);
        _harness.Identities.Address("shop", "a@example.com");
        _harness.Identities.Domain("other", "other.example");

        var result = Result(await _harness.QueryAsync("GetIdentityVerificationAttributes",
            [("Identities.member.1", "example.com"), ("Identities.member.2", "a@example.com"), ("Identities.member.3", "other.example"), ("Identities.member.4", "nope.example")]),
            "GetIdentityVerificationAttributes");

        var entries = Entries(result.Element(Ses + "VerificationAttributes")!);
        Assert.That(entries.Keys, Is.EquivalentTo(new[] { "example.com", "a@example.com" }));
        Assert.That(entries["example.com"].Element(Ses + "VerificationStatus")!.Value, Is.EqualTo("Success"), "DKIM success verifies a domain");
        Assert.That(entries["example.com"].Element(Ses + "VerificationToken")!.Value, Is.EqualTo("txt-example.com"));
        Assert.That(entries["a@example.com"].Element(Ses + "VerificationStatus")!.Value, Is.EqualTo("Pending"));
        Assert.That(entries["a@example.com"].Element(Ses + "VerificationToken"), Is.Null, "an address's link secret is never shown");
    }

    [Test]
    public async Task GetIdentityDkimAttributes_reports_the_domain_state_for_an_address()
    {
        _harness.Identities.Domain("shop", "example.com", VerificationStatus.Success);
        _harness.Identities.Address("shop", "a@example.com", verified: true);
        _harness.Identities.Address("shop", "b@elsewhere.example", verified: true);

        var result = Result(await _harness.QueryAsync("GetIdentityDkimAttributes",
            [("Identities.member.1", "example.com"), ("Identities.member.2", "a@example.com"), ("Identities.member.3", "b@elsewhere.example")]),
            "GetIdentityDkimAttributes");

        var entries = Entries(result.Element(Ses + "DkimAttributes")!);
        Assert.That(entries["example.com"].Element(Ses + "DkimEnabled")!.Value, Is.EqualTo("true"));
        Assert.That(entries["example.com"].Element(Ses + "DkimVerificationStatus")!.Value, Is.EqualTo("Success"));
        Assert.That(entries["example.com"].Element(Ses + "DkimTokens")!.Elements().Count(), Is.EqualTo(3));
        Assert.That(entries["a@example.com"].Element(Ses + "DkimVerificationStatus")!.Value, Is.EqualTo("Success"));
        Assert.That(entries["a@example.com"].Element(Ses + "DkimTokens")!.Elements().Select(e => e.Value),
            Is.EqualTo(entries["example.com"].Element(Ses + "DkimTokens")!.Elements().Select(e => e.Value)));
        Assert.That(entries["b@elsewhere.example"].Element(Ses + "DkimVerificationStatus")!.Value, Is.EqualTo("NotStarted"));
        Assert.That(entries["b@elsewhere.example"].Element(Ses + "DkimTokens"), Is.Null);
    }

    [Test]
    public async Task Get_attributes_without_identities_is_MissingParameter_and_over_100_is_InvalidParameterValue()
    {
        var none = await _harness.QueryAsync("GetIdentityDkimAttributes");
        var many = await _harness.QueryAsync("GetIdentityDkimAttributes",
            Enumerable.Range(1, 101).Select(i => ($"Identities.member.{i}", $"d{i}.example")));

        Assert.That(ApiHarness.V1ErrorCode(none), Is.EqualTo("MissingParameter"));
        Assert.That(ApiHarness.V1ErrorCode(many), Is.EqualTo("InvalidParameterValue"));
    }

    [Test]
    public async Task SetIdentityDkimEnabled_sets_the_switch_with_an_empty_result()
    {
        _harness.Identities.Domain("shop", "example.com");

        var response = await _harness.QueryAsync("SetIdentityDkimEnabled", [("Identity", "example.com"), ("DkimEnabled", "false")]);

        Assert.That(Result(response, "SetIdentityDkimEnabled").HasElements, Is.False);
        Assert.That(_harness.Identities.Calls, Is.EqualTo(new[] { "SetSigningEnabled shop example.com False" }));
    }

    [Test]
    public async Task SetIdentityDkimEnabled_on_another_accounts_identity_is_InvalidParameterValue()
    {
        _harness.Identities.Domain("other", "other.example");

        var response = await _harness.QueryAsync("SetIdentityDkimEnabled", [("Identity", "other.example"), ("DkimEnabled", "true")]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
        Assert.That(_harness.Identities.ListAsync("other", CancellationToken.None).Result.Single().SigningEnabled, Is.True);
    }

    [TestCase("maybe")]
    [TestCase("True")]
    public async Task DkimEnabled_must_be_true_or_false(string value)
    {
        _harness.Identities.Domain("shop", "example.com");

        var response = await _harness.QueryAsync("SetIdentityDkimEnabled", [("Identity", "example.com"), ("DkimEnabled", value)]);

        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
    }

    [Test]
    public async Task ListIdentities_filters_by_type_and_pages_with_NextToken()
    {
        foreach (var name in new[] { "a.example", "b.example", "c.example" })
        {
            _harness.Identities.Domain("shop", name);
        }

        _harness.Identities.Address("shop", "x@a.example");
        _harness.Identities.Domain("other", "hidden.example");

        var first = Result(await _harness.QueryAsync("ListIdentities", [("IdentityType", "Domain"), ("MaxItems", "2")]), "ListIdentities");
        var token = first.Element(Ses + "NextToken")!.Value;
        var second = Result(await _harness.QueryAsync("ListIdentities", [("IdentityType", "Domain"), ("MaxItems", "2"), ("NextToken", token)]), "ListIdentities");
        var all = Result(await _harness.QueryAsync("ListIdentities"), "ListIdentities");

        Assert.That(Members(first, "Identities"), Is.EqualTo(new[] { "a.example", "b.example" }));
        Assert.That(Members(second, "Identities"), Is.EqualTo(new[] { "c.example" }));
        Assert.That(second.Element(Ses + "NextToken"), Is.Null);
        Assert.That(Members(all, "Identities"), Is.EqualTo(new[] { "a.example", "b.example", "c.example", "x@a.example" }));
    }

    [TestCase("IdentityType", "Foo")]
    [TestCase("MaxItems", "0")]
    [TestCase("MaxItems", "1001")]
    [TestCase("MaxItems", "ten")]
    [TestCase("NextToken", "!!!")]
    public async Task ListIdentities_refuses_bad_parameters(string name, string value)
    {
        var response = await _harness.QueryAsync("ListIdentities", [(name, value)]);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.V1ErrorCode(response), Is.EqualTo("InvalidParameterValue"));
    }

    [Test]
    public async Task DeleteIdentity_succeeds_for_an_identity_that_is_not_there_and_never_deletes_another_accounts()
    {
        _harness.Identities.Domain("other", "other.example");

        var response = await _harness.QueryAsync("DeleteIdentity", [("Identity", "other.example")]);

        Assert.That(Result(response, "DeleteIdentity").HasElements, Is.False);
        Assert.That(await _harness.Identities.FindAsync("other", "other.example", CancellationToken.None), Is.Not.Null);
    }

    [Test]
    public async Task GetSendQuota_reports_the_accounts_own_limits_and_use_as_doubles()
    {
        _harness.Quotas.Set("shop", new SendQuota(new SendingLimits(2, 0.5), 3));

        var shop = Result(await _harness.QueryAsync("GetSendQuota"), "GetSendQuota");
        var other = Result(await _harness.QueryAsync("GetSendQuota", keyId: ApiHarness.OtherKeyId), "GetSendQuota");

        Assert.That(shop.Element(Ses + "Max24HourSend")!.Value, Is.EqualTo("2.0"));
        Assert.That(shop.Element(Ses + "MaxSendRate")!.Value, Is.EqualTo("0.5"));
        Assert.That(shop.Element(Ses + "SentLast24Hours")!.Value, Is.EqualTo("3.0"));
        Assert.That(other.Element(Ses + "Max24HourSend")!.Value, Is.EqualTo("50000.0"));
        Assert.That(other.Element(Ses + "MaxSendRate")!.Value, Is.EqualTo("14.0"), "a real rate, never -1");
        Assert.That(other.Element(Ses + "SentLast24Hours")!.Value, Is.EqualTo("0.0"));
    }

    [Test]
    public async Task GetSendQuota_reports_an_unlimited_day_as_minus_one()
    {
        _harness.Quotas.Set("shop", new SendQuota(new SendingLimits(-1, 100), 12345));

        var result = Result(await _harness.QueryAsync("GetSendQuota"), "GetSendQuota");

        Assert.That(result.Element(Ses + "Max24HourSend")!.Value, Is.EqualTo("-1.0"));
        Assert.That(result.Element(Ses + "MaxSendRate")!.Value, Is.EqualTo("100.0"));
        Assert.That(result.Element(Ses + "SentLast24Hours")!.Value, Is.EqualTo("12345.0"));
    }

    [Test]
    public async Task An_unknown_action_missing_action_and_wrong_version_get_their_codes()
    {
        var unknown = await _harness.QueryAsync("CreateTemplate");
        var missing = await _harness.Handler.HandleAsync(TestSigner.Sign("POST", "/", string.Empty, [("Host", ApiHarness.Host)],
            Encoding.UTF8.GetBytes("Version=2010-12-01"), ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow()), CancellationToken.None);
        var version = await _harness.Handler.HandleAsync(TestSigner.Sign("POST", "/", string.Empty, [("Host", ApiHarness.Host)],
            Encoding.UTF8.GetBytes("Action=GetSendQuota&Version=2009-01-01"), ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow()), CancellationToken.None);

        Assert.That(ApiHarness.V1ErrorCode(unknown), Is.EqualTo("InvalidAction"));
        Assert.That(ApiHarness.V1ErrorCode(missing), Is.EqualTo("MissingAction"));
        Assert.That(ApiHarness.V1ErrorCode(version), Is.EqualTo("NoSuchVersion"));
    }

    [Test]
    public async Task Parameters_in_the_query_string_serve_as_well_as_in_the_body()
    {
        var request = TestSigner.Sign("GET", "/", "Action=GetSendQuota&Version=2010-12-01", [("Host", ApiHarness.Host)], [],
            ApiHarness.ShopKeyId, ApiHarness.Secret, ApiHarness.Region, _harness.Clock.GetUtcNow());

        var response = await _harness.Handler.HandleAsync(request, CancellationToken.None);

        Assert.That(ApiHarness.Xml(response).Name, Is.EqualTo(Ses + "GetSendQuotaResponse"));
    }

    private static XElement Result(Relay.Api.Http.ApiResponse response, string action)
    {
        var root = ApiHarness.Xml(response);
        Assert.That(response.StatusCode, Is.EqualTo(200), root.ToString());
        return root.Element(Ses + action + "Result") ?? throw new AssertionException($"no {action}Result in {root}");
    }

    private static Dictionary<string, XElement> Entries(XElement map) =>
        map.Elements(Ses + "entry").ToDictionary(e => e.Element(Ses + "key")!.Value, e => e.Element(Ses + "value")!);

    private static IEnumerable<string> Members(XElement parent, string name) =>
        parent.Element(Ses + name)!.Elements(Ses + "member").Select(e => e.Value);
}

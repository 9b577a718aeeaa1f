using System.Text;
using Relay.Api.Authentication;
using Relay.Api.Http;
using Relay.Api.Tests.Support;
using Relay.Core.Accounts;

namespace Relay.Api.Tests;

/// <summary>Requests captured from aws-cli 2.9.19 (shared/ses-api.md §2) must verify exactly as sent.</summary>
public sealed class SigV4VectorTests
{
    private const string VectorSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string V1Body = "Action=VerifyDomainDkim&Version=2010-12-01&Domain=example.com";

    internal static ApiRequest V1Vector() => TestSigner.Request("POST", "/", string.Empty,
        [
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ("Host", "127.0.0.1:18025"),
            ("X-Amz-Date", "20261123T105756Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/ses/aws4_request, " +
                              "SignedHeaders=content-type;host;x-amz-date, Signature=d1701b637dc8e75111305d86e230a4f80f6115d0fab7c711686f7ca1eb8e8b29"),
        ],
        Encoding.UTF8.GetBytes(V1Body));

    internal static ApiRequest V2Vector() => TestSigner.Request("GET", "/v2/email/identities/user%2Btag%40example.com", string.Empty,
        [
            ("Host", "127.0.0.1:18025"),
            ("X-Amz-Date", "20261123T105809Z"),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-1/ses/aws4_request, " +
                              "SignedHeaders=host;x-amz-date, Signature=6982746e1b9e54a92fa8b4fa2a9d83ecd282807834eb70765901978df5b2fed3"),
        ],
        []);

    internal static ApiHarness HarnessWithVectorKey(SesApiOptions? options = null)
    {
        var harness = new ApiHarness(options);
        harness.Keys.AddAsync(new AccessKey("AKIDEXAMPLE", "shop", VectorSecret, harness.Clock.GetUtcNow(), null), CancellationToken.None).GetAwaiter().GetResult();
        return harness;
    }

    [Test]
    public void The_v1_canonical_request_is_the_one_aws_cli_signed()
    {
        var request = V1Vector();
        var canonical = CanonicalRequest.Build(request, ["content-type", "host", "x-amz-date"], "content-type;host;x-amz-date",
            CanonicalRequest.Hash(request.Body));

        Assert.That(canonical, Is.EqualTo(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:127.0.0.1:18025\nx-amz-date:20261123T105756Z\n\n" +
            "content-type;host;x-amz-date\nbca5411d411340e84c262565894879663745a1b4cacf476219cbccdf25482235"));
    }

    [Test]
    public void The_path_is_percent_encoded_a_second_time()
    {
        Assert.That(CanonicalRequest.CanonicalUri("/v2/email/identities/user%2Btag%40example.com"),
            Is.EqualTo("/v2/email/identities/user%252Btag%2540example.com"));
    }

    [TestCase("", "/")]
    [TestCase("/a//b/./c/../d/", "/a/b/d/")]
    [TestCase("/~user/a b", "/~user/a%20b")]
    public void The_path_is_normalised_as_botocore_does(string raw, string canonical) =>
        Assert.That(CanonicalRequest.CanonicalUri(raw), Is.EqualTo(canonical));

    [Test]
    public void The_query_is_sorted_and_strictly_encoded() =>
        Assert.That(CanonicalRequest.CanonicalQuery("PageSize=10&NextToken=a%2Fb&Flag"), Is.EqualTo("Flag=&NextToken=a%2Fb&PageSize=10"));

    [Test]
    public async Task The_captured_v1_request_verifies()
    {
        using var harness = HarnessWithVectorKey();
        var verifier = harness.Get<SigV4Verifier>();

        var result = await verifier.VerifyAsync(V1Vector(), CancellationToken.None);

        Assert.That(result.Error, Is.Null, result.Error?.Message);
        Assert.That(result.Key!.Id, Is.EqualTo("AKIDEXAMPLE"));
    }

    [Test]
    public async Task The_captured_v2_request_with_an_encoded_identity_verifies()
    {
        using var harness = HarnessWithVectorKey();

        var result = await harness.Get<SigV4Verifier>().VerifyAsync(V2Vector(), CancellationToken.None);

        Assert.That(result.Error, Is.Null, result.Error?.Message);
    }

    [Test]
    public async Task Commas_without_spaces_as_perl_paws_writes_them_verify_too()
    {
        using var harness = HarnessWithVectorKey();
        var request = V1Vector();
        request = TestSigner.WithHeader(request, "Authorization", request.Header("Authorization")!.Replace(", ", ",", StringComparison.Ordinal));

        var result = await harness.Get<SigV4Verifier>().VerifyAsync(request, CancellationToken.None);

        Assert.That(result.Error, Is.Null, result.Error?.Message);
    }

    [Test]
    public async Task A_matching_x_amz_content_sha256_header_is_accepted()
    {
        using var harness = HarnessWithVectorKey();
        // Unsigned here, so only its agreement with the body is checked.
        var request = TestSigner.WithHeader(V1Vector(), "X-Amz-Content-Sha256", "bca5411d411340e84c262565894879663745a1b4cacf476219cbccdf25482235");

        var result = await harness.Get<SigV4Verifier>().VerifyAsync(request, CancellationToken.None);

        Assert.That(result.Error, Is.Null, result.Error?.Message);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// A minimal SigV4 signer of the test's own: POST / with a form body, as the v1 Query protocol sends it, for the
/// negative cases awscli cannot produce (a body changed after signing, a signature from 20 minutes ago); and a bodiless
/// GET of a v2 REST path, for tests that read an identity as GetEmailIdentity reports it without starting a client.
/// </summary>
internal static class SigV4TestSigner
{
    public static HttpRequestMessage SignedQuery(Uri endpoint, string body, string accessKeyId, string secret, string region, DateTimeOffset time)
    {
        var host = Host(endpoint);
        var amzDate = AmzDate(time);
        const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
        var canonical = $"POST\n/\n\ncontent-type:{ContentType}\nhost:{host}\nx-amz-date:{amzDate}\n\ncontent-type;host;x-amz-date\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "/"))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        Authorize(request, host, amzDate, canonical, "content-type;host;x-amz-date", accessKeyId, secret, region);
        return request;
    }

    /// <summary>GET <paramref name="path"/> (no query; every segment already URI-encoded), signed for the ses service.</summary>
    public static HttpRequestMessage SignedGet(Uri endpoint, string path, string accessKeyId, string secret, string region, DateTimeOffset time)
    {
        var host = Host(endpoint);
        var amzDate = AmzDate(time);
        var canonical = $"GET\n{path}\n\nhost:{host}\nx-amz-date:{amzDate}\n\nhost;x-amz-date\n{Hex(SHA256.HashData([]))}";
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, path));
        Authorize(request, host, amzDate, canonical, "host;x-amz-date", accessKeyId, secret, region);
        return request;
    }

    private static void Authorize(
        HttpRequestMessage request, string host, string amzDate, string canonical, string signedHeaders, string accessKeyId, string secret, string region)
    {
        var date = amzDate[..8];
        var scope = $"{date}/{region}/ses/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, "ses", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private static string Host(Uri endpoint) => $"{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

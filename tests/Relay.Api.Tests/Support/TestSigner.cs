using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Relay.Api.Authentication;
using Relay.Api.Http;

namespace Relay.Api.Tests.Support;

/// <summary>Signs requests as botocore does (every listed header signed), for tests that need a valid signature to start from.</summary>
internal static class TestSigner
{
    public static ApiRequest Sign(
        string method, string rawPath, string rawQuery, IEnumerable<(string Name, string Value)> headers, byte[] body,
        string accessKeyId, string secret, string region, DateTimeOffset time, string service = "ses", bool dateHeaderOnly = false)
    {
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var all = headers.ToList();
        all.Add((dateHeaderOnly ? "Date" : "X-Amz-Date", amzDate));
        var unsigned = Request(method, rawPath, rawQuery, all, body);
        var names = all.Select(h => h.Name.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', names);
        var canonical = CanonicalRequest.Build(unsigned, names, signedHeaders, Convert.ToHexStringLower(SHA256.HashData(body)));
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        all.Add(("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return Request(method, rawPath, rawQuery, all, body);
    }

    public static ApiRequest Request(string method, string rawPath, string rawQuery, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            map[group.Key] = group.Select(h => h.Value).ToList();
        }

        return new ApiRequest(method, rawPath, rawQuery, map, body);
    }

    /// <summary>The same request with one header replaced (or added).</summary>
    public static ApiRequest WithHeader(ApiRequest request, string name, string value)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(request.Headers, StringComparer.OrdinalIgnoreCase) { [name] = [value] };
        return request with { Headers = map };
    }

    public static ApiRequest WithoutHeader(ApiRequest request, string name)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(request.Headers, StringComparer.OrdinalIgnoreCase);
        map.Remove(name);
        return request with { Headers = map };
    }

    private static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}

using System.Security.Cryptography;
using System.Text;
using Relay.Api.Http;

namespace Relay.Api.Authentication;

/// <summary>Builds the SigV4 canonical request from the request as received (botocore's <c>SigV4Auth.canonical_request</c>).</summary>
internal static class CanonicalRequest
{
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string Build(ApiRequest request, IReadOnlyList<string> signedHeaderNames, string signedHeaders, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaderNames);
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalUri(request.RawPath)).Append('\n');
        builder.Append(CanonicalQuery(request.RawQuery)).Append('\n');
        foreach (var name in signedHeaderNames)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        }

        builder.Append('\n');
        builder.Append(signedHeaders).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>Hex SHA-256, lower case.</summary>
    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// The wire path with dot segments and empty segments removed, then percent-encoded once more keeping '/' and '~'
    /// (so <c>%40</c> becomes <c>%2540</c>): every AWS service but S3 signs the double-encoded path.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        var normalized = RemoveDotSegments(string.IsNullOrEmpty(rawPath) ? "/" : rawPath);
        return Encode(normalized, keep: "/~");
    }

    /// <summary>Pairs split at the first '=', decoded and re-encoded strictly (RFC 3986 unreserved kept), sorted by name then value.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name), keep: "~"), Value: Encode(Uri.UnescapeDataString(value), keep: "~"));
            })
            .OrderBy(pair => pair.Name, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(pair => $"{pair.Name}={pair.Value}"));
    }

    /// <summary>All instances joined with ',', each trimmed with inner runs of whitespace collapsed to one space.</summary>
    private static string CanonicalHeaderValue(ApiRequest request, string name)
    {
        if (!request.Headers.TryGetValue(name, out var values))
        {
            return string.Empty;
        }

        return string.Join(',', values.Select(value => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
    }

    /// <summary>RFC 3986 5.2.4 plus removal of empty segments, as botocore's <c>remove_dot_segments</c>.</summary>
    private static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(segment);
        }

        var first = path.StartsWith('/') ? "/" : string.Empty;
        var last = path.EndsWith('/') && output.Count > 0 ? "/" : string.Empty;
        return first + string.Join('/', output) + last;
    }

    private static string Encode(string text, string keep)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var octet in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)octet;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || keep.Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(octet.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

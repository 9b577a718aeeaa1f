namespace Relay.Api.Authentication;

/// <summary>
/// The parts of <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request,
/// SignedHeaders=a;b, Signature=hex</c>. Separators are ',' with or without a following space (Perl's signer omits it).
/// </summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId, string ScopeDate, string Region, string Service, string SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public IReadOnlyList<string> SignedHeaderNames => SignedHeaders.Split(';');

    /// <summary>Parses the header; on failure <paramref name="problem"/> says what is wrong, in SES's words where known.</summary>
    public static bool TryParse(string value, out AuthorizationHeader? header, out string problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        header = null;
        var trimmed = value.Trim();
        if (!trimmed.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            problem = $"Authorization header must use the {Algorithm} algorithm.";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in trimmed[(Algorithm.Length + 1)..].Split(','))
        {
            var pair = part.Trim();
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = $"Authorization header requires each component to be of the form key=value, not '{pair}'.";
                return false;
            }

            fields[pair[..equals]] = pair[(equals + 1)..];
        }

        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!fields.TryGetValue(required, out var present) || present.Length == 0)
            {
                problem = $"Authorization header requires '{required}' parameter.";
                return false;
            }
        }

        var scope = fields["Credential"].Split('/');
        if (scope.Length != 5 || scope.Any(string.IsNullOrEmpty) || scope[4] != "aws4_request" || scope[1].Length != 8 || !scope[1].All(char.IsAsciiDigit))
        {
            problem = "Credential should be of the form AccessKeyId/YYYYMMDD/region/service/aws4_request.";
            return false;
        }

        header = new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], fields["SignedHeaders"], fields["Signature"]);
        problem = string.Empty;
        return true;
    }
}

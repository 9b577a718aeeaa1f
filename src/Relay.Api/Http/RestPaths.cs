namespace Relay.Api.Http;

/// <summary>Which requests are SES v2: paths under <c>/v2/email/</c>, and <c>/v1/email/</c> where older clients send DKIM signing attributes.</summary>
internal static class RestPaths
{
    public static bool IsRest(string rawPath) =>
        rawPath.StartsWith("/v2/email/", StringComparison.Ordinal) || rawPath.StartsWith("/v1/email/", StringComparison.Ordinal)
        || rawPath is "/v2/email" or "/v1/email";
}

namespace Relay.Api.Rest;

/// <summary>A timestamp in a rest-json body: epoch seconds, with milliseconds as the fraction (botocore and the JS SDK read both).</summary>
internal static class RestTimestamp
{
    public static double Of(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}

using System.Globalization;
using Relay.Api.Http;

namespace Relay.Api.Authentication;

/// <summary>
/// When a request was signed: <c>X-Amz-Date</c> (basic ISO 8601), else <c>Date</c> (basic ISO 8601 as Perl Paws
/// sends it, or RFC 1123). <see cref="Text"/> is the basic ISO form that goes into the string to sign.
/// </summary>
internal sealed record RequestTimestamp(DateTimeOffset Time, string Text)
{
    public const string BasicFormat = "yyyyMMdd'T'HHmmss'Z'";

    public string Date => Text[..8];

    public static bool TryRead(ApiRequest request, out RequestTimestamp? timestamp)
    {
        ArgumentNullException.ThrowIfNull(request);
        timestamp = null;
        if (request.Header("X-Amz-Date") is { } amzDate)
        {
            return TryParseBasic(amzDate.Trim(), out timestamp);
        }

        if (request.Header("Date") is not { } date)
        {
            return false;
        }

        date = date.Trim();
        if (TryParseBasic(date, out timestamp))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc1123))
        {
            timestamp = new RequestTimestamp(rfc1123, rfc1123.UtcDateTime.ToString(BasicFormat, CultureInfo.InvariantCulture));
            return true;
        }

        return false;
    }

    private static bool TryParseBasic(string text, out RequestTimestamp? timestamp)
    {
        if (DateTimeOffset.TryParseExact(text, BasicFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            timestamp = new RequestTimestamp(time, text);
            return true;
        }

        timestamp = null;
        return false;
    }
}

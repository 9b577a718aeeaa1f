using System.Globalization;
using Relay.Api.Errors;
using Relay.Core.Suppression;

namespace Relay.Api.Rest.Actions;

/// <summary>SES v2's names and values of the suppression list.</summary>
internal static class SuppressionJson
{
    public static string Reason(SuppressionReason reason) => reason == SuppressionReason.Bounce ? "BOUNCE" : "COMPLAINT";

    public static SuppressionReason ParseReason(string text, string parameter) => text switch
    {
        "BOUNCE" => SuppressionReason.Bounce,
        "COMPLAINT" => SuppressionReason.Complaint,
        _ => throw new ApiException(SesErrors.BadRequest($"{parameter} must be BOUNCE or COMPLAINT, not '{text}'.")),
    };

    /// <summary>SES's NotFoundException for an address that is not on the caller's list.</summary>
    public static ApiException NotListed(string address) =>
        new(SesErrors.NotFound($"Email address {address} does not exist on your suppression list."));

    /// <summary>A query-string timestamp: ISO 8601 as botocore and the JS SDK send it, or epoch seconds.</summary>
    public static DateTimeOffset ParseTimestamp(string text, string parameter)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new ApiException(SesErrors.BadRequest($"{parameter} '{text}' is not a timestamp."));
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Relay.Api.Errors;
using Relay.Api.Query;

namespace Relay.Api.Http;

/// <summary>Builds replies; every one carries <c>x-amzn-RequestId</c> (paws reads the id from the header, Perl Paws dies without one).</summary>
internal static class ApiResponses
{
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    public static ApiResponse Xml(byte[] body, string requestId, int statusCode = 200) =>
        new(statusCode, "text/xml", body, Headers(requestId));

    public static ApiResponse XmlError(ApiError error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Xml(SesXml.Error(error, requestId), requestId, error.StatusCode);
    }

    public static ApiResponse Json(byte[] body, string requestId, int statusCode = 200) =>
        new(statusCode, "application/json", body, Headers(requestId));

    public static ApiResponse JsonError(ApiError error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = error.Message });
        return new ApiResponse(error.StatusCode, "application/json", body,
            new Dictionary<string, string> { [RequestIdHeader] = requestId, [ErrorTypeHeader] = error.Code });
    }

    public static ApiResponse Text(int statusCode, string contentType, string text) =>
        new(statusCode, contentType, Encoding.UTF8.GetBytes(text), new Dictionary<string, string>());

    /// <summary>The same reply, asking the server to close the connection after it rather than read what the client still sends.</summary>
    public static ApiResponse Closing(ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response with { Headers = new Dictionary<string, string>(response.Headers) { ["Connection"] = "close" } };
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Headers(string requestId) => new() { [RequestIdHeader] = requestId };
}

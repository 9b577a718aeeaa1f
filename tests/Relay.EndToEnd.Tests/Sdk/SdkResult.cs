using System.Globalization;
using System.Text.Json;

namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>What one SDK call gave: the parsed output, or the service error the SDK raised (code, message, HTTP status).</summary>
internal sealed record SdkResult(string Call, bool Succeeded, int HttpStatus, JsonElement Output, string? ErrorCode, string? ErrorMessage, string StandardError)
{
    public static SdkResult From(string call, JsonElement line, string standardError)
    {
        var succeeded = line.GetProperty("ok").GetBoolean();
        var status = line.TryGetProperty("status", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0;
        return succeeded
            ? new SdkResult(call, true, status, line.GetProperty("output").Clone(), null, null, standardError)
            : new SdkResult(call, false, status, default, line.GetProperty("code").GetString(), line.GetProperty("message").GetString(), standardError);
    }

    /// <summary>The SDK's parsed output; fails the test with the SDK's error when the call did not succeed.</summary>
    public JsonElement Json()
    {
        Assert.That(Succeeded, Is.True, $"{Call} failed: {ErrorCode} (HTTP {HttpStatus.ToString(CultureInfo.InvariantCulture)}): {ErrorMessage}");
        return Output;
    }

    /// <summary>Asserts that the SDK raised a service error with this code.</summary>
    public void AssertError(string code)
    {
        Assert.That(Succeeded, Is.False, $"{Call} should have failed with {code}; it returned {Output}");
        Assert.That(ErrorCode, Is.EqualTo(code), $"{Call}: HTTP {HttpStatus.ToString(CultureInfo.InvariantCulture)}: {ErrorMessage}");
    }
}

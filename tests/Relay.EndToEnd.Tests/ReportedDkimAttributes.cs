using System.Text.Json;

namespace Relay.EndToEnd.Tests;

/// <summary>The Easy DKIM fields of GetEmailIdentity's <c>DkimAttributes</c>, as an SES client reads them.</summary>
internal sealed record ReportedDkimAttributes(
    string Status, string Tokens, string? CurrentSigningKeyLength, string NextSigningKeyLength, double? LastKeyGenerationTimestamp)
{
    /// <summary>Reads <c>DkimAttributes</c> (its fields are named as these properties) from a GetEmailIdentity reply; the tokens are joined by spaces, in order.</summary>
    public static ReportedDkimAttributes From(JsonElement reply)
    {
        var dkim = reply.GetProperty("DkimAttributes");
        return new ReportedDkimAttributes(
            dkim.GetProperty(nameof(Status)).GetString()!,
            string.Join(' ', dkim.GetProperty(nameof(Tokens)).EnumerateArray().Select(token => token.GetString())),
            dkim.TryGetProperty(nameof(CurrentSigningKeyLength), out var current) ? current.GetString() : null,
            dkim.GetProperty(nameof(NextSigningKeyLength)).GetString()!,
            dkim.TryGetProperty(nameof(LastKeyGenerationTimestamp), out var generated) ? generated.GetDouble() : null);
    }
}

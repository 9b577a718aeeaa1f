using System.Text.Json.Serialization;

namespace Relay.Identities;

/// <summary>The JSON body the notification webhook receives for each identity change.</summary>
internal sealed record WebhookPayload(
    string AccountId,
    string Identity,
    string Event,
    string? FromStatus,
    string? ToStatus,
    string DkimStatus,
    string VerificationStatus,
    string Message,
    DateTimeOffset Timestamp);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJson : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Relay.Delivery.Spool;

/// <summary>Source-generated JSON for envelope files; nullability and required members are enforced on read.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true)]
[JsonSerializable(typeof(SpoolEnvelopeFile))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;

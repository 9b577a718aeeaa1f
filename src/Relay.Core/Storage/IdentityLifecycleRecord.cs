using System.Text.Json.Serialization;
using Relay.Core.Identities;

namespace Relay.Core.Storage;

/// <summary>The lifecycle part of an identity as the store keeps it: one JSON document per identity row.</summary>
internal sealed record IdentityLifecycleRecord(
    DkimSigningOrigin DkimOrigin,
    IReadOnlyList<SigningKey> DkimKeys,
    DkimKeyChange? PendingDkim,
    DkimKeyLength NextSigningKeyLength,
    DateTimeOffset? LastKeyGeneration,
    string? VerificationToken,
    DnsCheckState DkimCheck,
    DnsCheckState VerificationCheck,
    RetiredDkimKeys? RetiredDkim = null,
    IReadOnlyList<string>? EasyDkimCandidateTokens = null,
    DkimKeyStage? StagedDkim = null,
    IReadOnlyList<DkimTokenRetirement>? TokenRetirements = null,
    DateTimeOffset? LastKeyLengthChange = null,
    DateTimeOffset? NextRotation = null,
    Ed25519Dkim? Ed25519 = null)
{
    public static IdentityLifecycleRecord From(Identity identity) => new(
        identity.DkimOrigin,
        identity.DkimKeys,
        identity.PendingDkim,
        identity.NextSigningKeyLength,
        identity.LastKeyGeneration,
        identity.VerificationToken,
        identity.DkimCheck,
        identity.VerificationCheck,
        identity.RetiredDkim,
        identity.EasyDkimCandidateTokens,
        identity.StagedDkim,
        identity.TokenRetirements.Count > 0 ? identity.TokenRetirements : null,
        identity.LastKeyLengthChange,
        identity.NextRotation,
        identity.Ed25519);

    public Identity ApplyTo(Identity identity) => identity with
    {
        DkimOrigin = DkimOrigin,
        DkimKeys = DkimKeys,
        PendingDkim = PendingDkim,
        NextSigningKeyLength = NextSigningKeyLength,
        LastKeyGeneration = LastKeyGeneration,
        VerificationToken = VerificationToken,
        DkimCheck = DkimCheck,
        VerificationCheck = VerificationCheck,
        RetiredDkim = RetiredDkim,
        EasyDkimCandidateTokens = EasyDkimCandidateTokens,
        StagedDkim = StagedDkim,
        TokenRetirements = TokenRetirements ?? [],
        LastKeyLengthChange = LastKeyLengthChange,
        NextRotation = NextRotation,
        Ed25519 = Ed25519,
    };
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IdentityLifecycleRecord))]
internal sealed partial class IdentityLifecycleJson : JsonSerializerContext;

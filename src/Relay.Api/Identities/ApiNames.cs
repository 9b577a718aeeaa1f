using Relay.Core.Identities;

namespace Relay.Api.Identities;

/// <summary>SES spellings the API needs beyond Core's <see cref="SesNames"/>: v1's PascalCase statuses and v2's identity types.</summary>
internal static class ApiNames
{
    /// <summary>v1 spells statuses Pending, Success, Failed, TemporaryFailure, NotStarted: the enum's own names.</summary>
    public static string V1Status(VerificationStatus status) => status.ToString();

    public static string V2IdentityType(IdentityType type) => type == IdentityType.Domain ? "DOMAIN" : "EMAIL_ADDRESS";

    public static string V2KeyLength(int bits) => SesNames.KeyLength(bits <= 1024 ? DkimKeyLength.Rsa1024 : DkimKeyLength.Rsa2048);
}

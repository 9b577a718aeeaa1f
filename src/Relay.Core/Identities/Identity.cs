namespace Relay.Core.Identities;

/// <summary>A domain or email address an account may send from, with its verification and DKIM state.</summary>
/// <param name="AccountId">The owning account.</param>
/// <param name="Name">Lower-case domain (<c>example.com</c>) or address (<c>user@example.com</c>).</param>
/// <param name="Type">Domain or email address.</param>
/// <param name="VerificationStatus">Whether the account proved it owns the identity.</param>
/// <param name="DkimStatus">Easy DKIM state; only domains carry keys.</param>
/// <param name="SigningEnabled">Whether Relay adds the domain's DKIM signature when DKIM is SUCCESS.</param>
/// <param name="SigningKey">The key for domain identities; null for email addresses and domains without keys.</param>
public sealed record Identity(
    string AccountId,
    string Name,
    IdentityType Type,
    VerificationStatus VerificationStatus,
    VerificationStatus DkimStatus,
    bool SigningEnabled,
    SigningKey? SigningKey)
{
    /// <summary>A domain counts as verified when verified directly or when its DKIM succeeded, as in SES.</summary>
    public bool IsVerified =>
        VerificationStatus == VerificationStatus.Success
        || (Type == IdentityType.Domain && DkimStatus == VerificationStatus.Success);
}

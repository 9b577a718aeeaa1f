namespace Relay.Core.Identities;

/// <summary>SES's status values, used both for verification and for DKIM status.</summary>
public enum VerificationStatus
{
    NotStarted,
    Pending,
    Success,
    Failed,
    TemporaryFailure,
}

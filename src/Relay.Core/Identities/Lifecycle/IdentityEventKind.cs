namespace Relay.Core.Identities.Lifecycle;

/// <summary>What happened to an identity, for the log, the contact e-mail and the webhook.</summary>
public enum IdentityEventKind
{
    DkimStatusChanged,
    VerificationStatusChanged,

    /// <summary>Verified DKIM records disappeared; signing goes on until the grace period ends.</summary>
    DkimRecordsMissing,

    /// <summary>New keys' records verified and Relay now signs with them.</summary>
    DkimKeysSwitched,

    /// <summary>New keys' records never appeared; the change was dropped and the current keys stay.</summary>
    DkimKeyChangeAbandoned,

    /// <summary>The status of the domain's Ed25519 record changed (Relay's extension; SES's DKIM status is the RSA records').</summary>
    Ed25519StatusChanged,
}

namespace Relay.Core.Identities;

/// <summary>What a row of an identity's stored history is about.</summary>
public enum IdentityHistoryChange
{
    /// <summary>The identity was added (To: its type).</summary>
    Created,

    /// <summary>Verification status (domain TXT or address confirmation).</summary>
    VerificationStatus,

    /// <summary>DKIM status of the current RSA keys.</summary>
    DkimStatus,

    /// <summary>Status of the Ed25519 record; From null: key added, To null: key removed.</summary>
    Ed25519Status,

    /// <summary>Signing enabled or disabled.</summary>
    SigningEnabled,

    /// <summary>Who made the keys (AWS_SES, EXTERNAL).</summary>
    DkimOrigin,

    /// <summary>The key Relay signs with (selector and length).</summary>
    SigningKey,

    /// <summary>A new key set waiting for its records began (To) or ended without a switch (To null).</summary>
    KeyChange,

    /// <summary>A new key staged behind one of the tokens (To), or the stage ended (To null).</summary>
    KeyStaged,

    /// <summary>The length of the next Easy DKIM keys.</summary>
    KeyLength,
}

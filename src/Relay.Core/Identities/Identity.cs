namespace Relay.Core.Identities;

/// <summary>A domain or email address an account may send from, with its verification and DKIM state.</summary>
/// <param name="AccountId">The owning account.</param>
/// <param name="Name">Lower-case domain (<c>example.com</c>) or address (<c>user@example.com</c>).</param>
/// <param name="Type">Domain or email address.</param>
/// <param name="VerificationStatus">Whether the account proved it owns the identity.</param>
/// <param name="DkimStatus">DKIM state of the current keys; only domains carry keys.</param>
/// <param name="SigningEnabled">Whether Relay adds the domain's DKIM signature when DKIM is SUCCESS.</param>
/// <param name="SigningKey">The key Relay signs with; null for email addresses and domains without keys.</param>
public sealed record Identity(
    string AccountId,
    string Name,
    IdentityType Type,
    VerificationStatus VerificationStatus,
    VerificationStatus DkimStatus,
    bool SigningEnabled,
    SigningKey? SigningKey)
{
    /// <summary>Who made the current keys.</summary>
    public DkimSigningOrigin DkimOrigin { get; init; } = DkimSigningOrigin.AwsSes;

    /// <summary>
    /// Every key of the current set, whose public halves must be in DNS: for Easy DKIM the three keys named by the
    /// tokens, for BYODKIM the one key. <see cref="SigningKey"/> is the first of them.
    /// </summary>
    public IReadOnlyList<SigningKey> DkimKeys { get; init; } = [];

    /// <summary>A new key set waiting for its records; null when none.</summary>
    public DkimKeyChange? PendingDkim { get; init; }

    /// <summary>
    /// BYODKIM domains: the Easy DKIM tokens VerifyDomainDkim answered, kept so that asking again and a later switch to
    /// Easy DKIM (PutEmailIdentityDkimSigningAttributes, AWS_SES) use the same ones. Not started: no key is made or
    /// published for them, and nothing that signs or is reported changes. Null when none.
    /// </summary>
    public IReadOnlyList<string>? EasyDkimCandidateTokens { get; init; }

    /// <summary>The key size the next Easy DKIM keys get.</summary>
    public DkimKeyLength NextSigningKeyLength { get; init; } = DkimKeyLength.Rsa2048;

    /// <summary>When Relay last made keys for this domain.</summary>
    public DateTimeOffset? LastKeyGeneration { get; init; }

    /// <summary>Domains: the TXT token of VerifyDomainIdentity. Email addresses: the secret of the confirmation link.</summary>
    public string? VerificationToken { get; init; }

    /// <summary>DNS checks of the current DKIM records.</summary>
    public DnsCheckState DkimCheck { get; init; } = DnsCheckState.Idle;

    /// <summary>DNS checks of the verification TXT record (domains), or the confirmation deadline (addresses).</summary>
    public DnsCheckState VerificationCheck { get; init; } = DnsCheckState.Idle;

    /// <summary>The store's change counter, read with the identity; saves that must not overwrite a newer change compare it.</summary>
    public long Version { get; init; }

    /// <summary>Easy DKIM keys replaced by newer ones, still published so that mail signed with them verifies until it has been delivered.</summary>
    public RetiredDkimKeys? RetiredDkim { get; init; }

    /// <summary>Easy DKIM: a new key behind one of the tokens, published and waiting to sign; null when none.</summary>
    public DkimKeyStage? StagedDkim { get; init; }

    /// <summary>Easy DKIM: when the key behind each token last stopped signing (tokens that never signed are absent).</summary>
    public IReadOnlyList<DkimTokenRetirement> TokenRetirements { get; init; } = [];

    /// <summary>The domain's Ed25519 key and its record's checks (RFC 8463); null when the domain signs with RSA only.</summary>
    public Ed25519Dkim? Ed25519 { get; init; }

    /// <summary>When NextSigningKeyLength last changed the key length (SES accepts that once a day).</summary>
    public DateTimeOffset? LastKeyLengthChange { get; init; }

    /// <summary>Easy DKIM: when the next automatic key rotation is due; null when automatic rotation is off or nothing signs.</summary>
    public DateTimeOffset? NextRotation { get; init; }

    /// <summary>
    /// DKIM records that verified before are missing, and the grace period has not run out: TEMPORARY_FAILURE, during
    /// which the domain stays verified for sending but Relay does not sign with its key.
    /// </summary>
    public bool DkimRecordsMissingInGrace => DkimStatus == VerificationStatus.TemporaryFailure && DkimCheck.MissingSince is not null;

    /// <summary>A domain counts as verified when verified directly or when its DKIM succeeded, as in SES.</summary>
    public bool IsVerified =>
        VerificationStatus == VerificationStatus.Success
        || (VerificationStatus == VerificationStatus.TemporaryFailure && VerificationCheck.MissingSince is not null)
        || (Type == IdentityType.Domain && (DkimStatus == VerificationStatus.Success || DkimRecordsMissingInGrace));

    /// <summary>The DKIM tokens (Easy DKIM) or the selector (BYODKIM) the customer publishes for the current keys.</summary>
    public IReadOnlyList<string> DkimTokens => DkimKeys.Select(key => key.Selector).ToArray();

    /// <summary>The earliest time either check is due, for the verification scheduler.</summary>
    public DateTimeOffset? NextCheck =>
        new[] { DkimCheck.NextCheck, VerificationCheck.NextCheck, PendingDkim?.Check.NextCheck, StagedDkim?.SwitchAfter, NextRotation, Ed25519?.Check.NextCheck }
            .Where(time => time.HasValue)
            .DefaultIfEmpty()
            .Min();
}

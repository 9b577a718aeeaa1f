using System.ComponentModel.DataAnnotations;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>Settings of the identity lifecycle (<c>Relay:Identities</c>), each with SES's value as the default.</summary>
public sealed class IdentityLifecycleOptions
{
    /// <summary>The provider's DKIM key zone, the target of the customers' CNAMEs. Set by the host from <c>Relay:KeyZone:Zone</c>.</summary>
    public string ProviderDkimZone { get; set; } = string.Empty;

    /// <summary>The label of the verification TXT record: <c>_&lt;prefix&gt;.&lt;domain&gt;</c>. Default <c>amazonses</c>, as SES.</summary>
    public string VerificationRecordPrefix { get; set; } = "amazonses";

    /// <summary>How long records may be missing before PENDING becomes FAILED. Default 72 hours.</summary>
    public TimeSpan PendingWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How long a confirmation link stays valid. Default 24 hours, as SES.</summary>
    public TimeSpan EmailConfirmationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long verified records may be missing before DKIM becomes FAILED and domain signing stops. Default 72 hours.</summary>
    public TimeSpan RevocationGracePeriod { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The first retry after a check that found nothing; doubled per attempt. Default 1 minute.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between checks of records that are not there yet. Default 1 hour.</summary>
    public TimeSpan LongestRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often verified records are looked at again. Default 12 hours.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long replaced Easy DKIM keys stay published, so that mail signed with them (some of it queued for days)
    /// still verifies when it arrives. Default 7 days, longer than the delivery queue keeps a message.
    /// </summary>
    public TimeSpan RetiredKeyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Easy DKIM: how long a new key is published behind its token before it signs, so that every resolver's cached copy
    /// of the record it replaced has expired. Unset, the host makes it 4 × <c>Relay:KeyZone:Ttl</c> (20 minutes with the
    /// default TTL); it may not be shorter than that TTL.
    /// </summary>
    public TimeSpan? KeySwitchDelay { get; set; }

    /// <summary>
    /// Easy DKIM: how often Relay rotates a signing domain's key by itself, behind the same tokens. Default 180 days
    /// (M3AAWG advises at least twice a year; rotation needs no DNS change from the customer). Zero turns it off.
    /// </summary>
    public TimeSpan AutomaticRotationInterval { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// Whether a new Easy DKIM domain also gets an Ed25519 key (RFC 8463) behind a fourth token of its own, beside the
    /// three RSA ones. Default false: SES signs with RSA only. Per domain: <c>relay identity ed25519</c>.
    /// </summary>
    public bool Ed25519 { get; set; }

    /// <summary>How many rows of status history the store keeps per identity (the console's timeline); older ones are deleted. Default 200.</summary>
    public int HistoryPerIdentity { get; set; } = 200;

    /// <summary>NextSigningKeyLength may change a domain's key length once per this interval. Default 1 day, as SES. Zero: no limit.</summary>
    public TimeSpan KeyLengthChangeInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The key switch delay in force: the setting, or 20 minutes when nothing set it.</summary>
    public TimeSpan EffectiveKeySwitchDelay => KeySwitchDelay ?? TimeSpan.FromMinutes(20);

    /// <summary>VerifyDomainDkim calls an account may make: at most one per this interval. Default 1 second, as SES.</summary>
    public TimeSpan VerifyDomainDkimInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The address of the confirmation page (the API's <c>/confirm-email</c>); the token is appended as <c>?token=</c>.</summary>
    public string ConfirmationLinkBase { get; set; } = "http://127.0.0.1:8025/confirm-email";

    /// <summary>Throws <see cref="ValidationException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(VerificationRecordPrefix) || VerificationRecordPrefix.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ValidationException($"VerificationRecordPrefix '{VerificationRecordPrefix}' must be letters, digits and hyphens.");
        }

        if (HistoryPerIdentity < 1)
        {
            throw new ValidationException($"HistoryPerIdentity ({HistoryPerIdentity}) must be at least 1.");
        }

        RequirePositive(nameof(PendingWindow), PendingWindow);
        RequirePositive(nameof(EmailConfirmationWindow), EmailConfirmationWindow);
        RequirePositive(nameof(RevocationGracePeriod), RevocationGracePeriod);
        RequirePositive(nameof(FirstRetryDelay), FirstRetryDelay);
        RequirePositive(nameof(RecheckInterval), RecheckInterval);
        RequirePositive(nameof(RetiredKeyRetention), RetiredKeyRetention);
        if (KeySwitchDelay is { } delay)
        {
            RequirePositive(nameof(KeySwitchDelay), delay);
        }

        if (AutomaticRotationInterval < TimeSpan.Zero || KeyLengthChangeInterval < TimeSpan.Zero)
        {
            throw new ValidationException("AutomaticRotationInterval and KeyLengthChangeInterval must not be negative.");
        }

        if (AutomaticRotationInterval > TimeSpan.Zero && AutomaticRotationInterval < RetiredKeyRetention)
        {
            throw new ValidationException(
                $"AutomaticRotationInterval ({AutomaticRotationInterval}) must be at least RetiredKeyRetention ({RetiredKeyRetention}), or zero (off).");
        }

        if (LongestRetryDelay < FirstRetryDelay)
        {
            throw new ValidationException("LongestRetryDelay must be at least FirstRetryDelay.");
        }

        if (VerifyDomainDkimInterval < TimeSpan.Zero)
        {
            throw new ValidationException("VerifyDomainDkimInterval must not be negative.");
        }

        if (!Uri.TryCreate(ConfirmationLinkBase, UriKind.Absolute, out var link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
        {
            throw new ValidationException($"ConfirmationLinkBase '{ConfirmationLinkBase}' must be an absolute http or https address.");
        }
    }

    private static void RequirePositive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ValidationException($"{name} must be positive (was {value}).");
        }
    }
}

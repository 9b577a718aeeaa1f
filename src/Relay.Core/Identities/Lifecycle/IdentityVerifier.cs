using Microsoft.Extensions.Logging;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// Runs the DNS checks of identities and applies their outcome: the current DKIM records, a pending key change, the
/// verification TXT, and the expiry of confirmation links. Used by the background scheduler and by "check now".
/// </summary>
public sealed partial class IdentityVerifier
{
    private readonly IIdentityStore _store;
    private readonly IIdentityDnsChecker _dns;
    private readonly IIdentityNotifier _notifier;
    private readonly IdentityLifecycleOptions _options;
    private readonly DnsCheckPolicy _policy;
    private readonly TimeProvider _time;
    private readonly EasyDkimRotation _rotation;
    private readonly Ed25519DkimRotation _ed25519Rotation;
    private readonly ILogger<IdentityVerifier> _logger;

    public IdentityVerifier(
        IIdentityStore store,
        IIdentityDnsChecker dns,
        IIdentityNotifier notifier,
        IDkimKeyFactory keys,
        IEd25519DkimKeyFactory ed25519Keys,
        IdentityLifecycleOptions options,
        TimeProvider time,
        ILogger<IdentityVerifier> logger)
    {
        _rotation = new EasyDkimRotation(keys, options);
        _ed25519Rotation = new Ed25519DkimRotation(ed25519Keys, options);
        _store = store;
        _dns = dns;
        _notifier = notifier;
        _options = options;
        _policy = new DnsCheckPolicy(options);
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> identities whose check is due, for <paramref name="claimLease"/>, and
    /// checks them; returns how many were claimed. Verifiers on other nodes of the same store claim other identities, so
    /// each due check is made once; the claims of a verifier that stops mid-batch run out after the lease, and another
    /// verifier takes them then.
    /// </summary>
    public async Task<int> CheckDueAsync(int batchSize, TimeSpan claimLease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claimLease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var claimedUntil = now + claimLease;
        var due = await _store.ClaimIdentitiesDueAsync(now, claimedUntil, batchSize, cancellationToken);
        for (var index = 0; index < due.Count; index++)
        {
            if (_time.GetUtcNow() >= claimedUntil)
            {
                // The claim has run out (slow lookups): another verifier may hold these identities now, and checking them
                // here as well would do the work twice. They are claimed again, here or elsewhere, on a next sweep.
                LogClaimLapsed(due.Count - index, claimLease);
                break;
            }

            var identity = due[index];
            try
            {
                await CheckAsync(identity, force: false, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One identity that cannot be checked must not hold up the others: log it and look again later.
                LogCheckFailed(ex, identity.AccountId, identity.Name);
                await _store.TrySaveIdentityAsync(Postponed(identity, _time.GetUtcNow() + _options.LongestRetryDelay), cancellationToken);
            }
        }

        return due.Count;
    }

    /// <summary>
    /// Checks what is due for <paramref name="identity"/> (everything when <paramref name="force"/>), saves the result
    /// and announces what changed. Returns the identity as saved.
    /// </summary>
    public async Task<Identity> CheckAsync(Identity identity, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var current = identity;
        for (var attempt = 1; ; attempt++)
        {
            var events = new List<IdentityEvent>();
            var updated = await ApplyChecksAsync(current, force, events, cancellationToken);
            if (updated == current)
            {
                return current;
            }

            if (await _store.TrySaveIdentityAsync(updated, cancellationToken))
            {
                foreach (var identityEvent in events)
                {
                    LogEvent(identityEvent.Identity.AccountId, identityEvent.Identity.Name, identityEvent.Kind, identityEvent.Message);
                    await _notifier.PublishAsync(identityEvent, cancellationToken);
                }

                return updated with { Version = current.Version + 1 };
            }

            // Changed or deleted while the DNS answers came in: that change stands. The check is made again on the
            // identity as it is now (a check another node has made meanwhile is no longer due, and is not made twice).
            var found = await _store.FindIdentitiesAsync(current.AccountId, [current.Name], cancellationToken);
            if (found.Count == 0 || attempt == IdentitySaveAttempts.Max)
            {
                LogCheckDropped(current.AccountId, current.Name);
                return found.Count > 0 ? found[0] : current;
            }

            LogCheckAgain(current.AccountId, current.Name);
            current = found[0];
        }
    }

    /// <summary>What is due for <paramref name="identity"/> (everything when <paramref name="force"/>), with the events it raises.</summary>
    private async Task<Identity> ApplyChecksAsync(Identity identity, bool force, List<IdentityEvent> events, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var updated = identity.Type == IdentityType.Domain
            ? await CheckDomainAsync(identity, force, now, events, cancellationToken)
            : ExpireConfirmation(identity, now, events);
        if (updated.RetiredDkim is { } retired && now >= retired.Until)
        {
            updated = updated with { RetiredDkim = null };
        }

        return updated;
    }

    private async Task<Identity> CheckDomainAsync(
        Identity identity, bool force, DateTimeOffset now, List<IdentityEvent> events, CancellationToken cancellationToken)
    {
        var updated = identity;
        if (updated.DkimKeys.Count > 0 && IsDue(updated.DkimCheck, force, now))
        {
            updated = await CheckCurrentDkimAsync(updated, now, events, cancellationToken);
        }

        if (updated.PendingDkim is { } change && IsDue(change.Check, force, now))
        {
            updated = await CheckKeyChangeAsync(updated, change, now, events, cancellationToken);
        }

        if (updated.StagedDkim is { } stage && now >= stage.SwitchAfter)
        {
            updated = await SwitchToStagedKeyAsync(updated, stage, now, events, cancellationToken);
        }
        else if (updated.NextRotation is { } rotationDue && now >= rotationDue)
        {
            updated = RotateOnSchedule(updated, now, events);
        }

        // After an Ed25519 rotation even a forced check waits for the switch delay: the token's record changed in place.
        if (updated.Ed25519 is { } ed25519 && IsDue(ed25519.Check, force, now) && (ed25519.SwitchAfter is not { } pause || now >= pause))
        {
            updated = await CheckEd25519Async(updated, ed25519, now, events, cancellationToken);
        }

        if (updated.VerificationToken is { } token && IsDue(updated.VerificationCheck, force, now))
        {
            var result = await _dns.CheckVerificationTokenAsync(updated.Name, token, cancellationToken);
            var (status, state) = _policy.Apply(updated.VerificationStatus, updated.VerificationCheck, result, now);
            if (updated.DkimStatus == VerificationStatus.Success)
            {
                // Verified through DKIM, as in SES: a missing verification TXT record unverifies nothing then.
                status = VerificationStatus.Success;
            }

            if (status != updated.VerificationStatus)
            {
                events.Add(StatusEvent(updated with { VerificationStatus = status }, IdentityEventKind.VerificationStatusChanged, "Domain verification", updated.VerificationStatus, status));
            }

            updated = updated with { VerificationStatus = status, VerificationCheck = state };
        }

        return updated;
    }

    private async Task<Identity> CheckCurrentDkimAsync(Identity identity, DateTimeOffset now, List<IdentityEvent> events, CancellationToken cancellationToken)
    {
        var result = await _dns.CheckDkimAsync(identity.Name, identity.DkimOrigin, identity.DkimKeys, cancellationToken);
        var (status, state) = _policy.Apply(identity.DkimStatus, identity.DkimCheck, result, now);
        var updated = identity with { DkimStatus = status, DkimCheck = state };
        if (status == VerificationStatus.Failed)
        {
            updated = updated with { NextRotation = null, StagedDkim = null };
        }
        else if (status == VerificationStatus.Success && updated.DkimOrigin == DkimSigningOrigin.AwsSes && updated.NextRotation is null)
        {
            updated = updated with { NextRotation = _rotation.NextRotationAfter(now) };
        }

        var verifiedNow = status == VerificationStatus.Success && updated.VerificationStatus != VerificationStatus.Success;
        if (verifiedNow)
        {
            // As in SES: DKIM success verifies the domain for sending too.
            updated = updated with { VerificationStatus = VerificationStatus.Success };
        }

        if (state.MissingSince is { } missingSince && identity.DkimCheck.MissingSince is null && status == VerificationStatus.TemporaryFailure)
        {
            var revokeAt = missingSince + _options.RevocationGracePeriod;
            events.Add(new IdentityEvent(
                updated,
                IdentityEventKind.DkimRecordsMissing,
                identity.DkimStatus,
                status,
                $"The DKIM records of {identity.Name} are missing from DNS: DKIM status TEMPORARY_FAILURE. Relay does not sign with the domain's key while a verifier cannot find it, and signs again as soon as the records are back; if they are not back by {revokeAt:u}, DKIM becomes FAILED."));
        }
        else if (status != identity.DkimStatus)
        {
            events.Add(StatusEvent(updated, IdentityEventKind.DkimStatusChanged, "DKIM", identity.DkimStatus, status));
        }

        if (verifiedNow)
        {
            events.Add(StatusEvent(updated, IdentityEventKind.VerificationStatusChanged, "Domain verification", identity.VerificationStatus, VerificationStatus.Success));
        }

        return updated;
    }

    private async Task<Identity> CheckKeyChangeAsync(
        Identity identity, DkimKeyChange change, DateTimeOffset now, List<IdentityEvent> events, CancellationToken cancellationToken)
    {
        var result = await _dns.CheckDkimAsync(identity.Name, change.Origin, change.Keys, cancellationToken);
        if (result.Outcome == DnsCheckOutcome.Verified)
        {
            var retiringKeys = identity.DkimOrigin == DkimSigningOrigin.AwsSes
                ? [.. identity.RetiredDkim?.Keys ?? [], .. identity.DkimKeys]
                : identity.RetiredDkim?.Keys ?? [];
            // A return to Easy DKIM behind the tokens it had before puts new keys under those names.
            var newSelectors = change.Keys.Select(key => key.Selector).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var kept = retiringKeys.Where(key => !newSelectors.Contains(key.Selector)).ToList();
            var retiring = kept.Count == 0 ? null
                : identity.DkimOrigin == DkimSigningOrigin.AwsSes ? new RetiredDkimKeys(kept, now + _options.RetiredKeyRetention)
                : identity.RetiredDkim! with { Keys = kept };
            var switched = identity with
            {
                RetiredDkim = retiring,
                DkimOrigin = change.Origin,
                DkimKeys = change.Keys,
                SigningKey = change.Keys[0],
                PendingDkim = null,
                StagedDkim = null,
                TokenRetirements = [],
                NextRotation = change.Origin == DkimSigningOrigin.AwsSes ? _rotation.NextRotationAfter(now) : null,
                DkimStatus = VerificationStatus.Success,
                DkimCheck = new DnsCheckState(now, now, now, null, now + _options.RecheckInterval, 0, result.Records),
            };
            events.Add(new IdentityEvent(
                switched, IdentityEventKind.DkimKeysSwitched, identity.DkimStatus, VerificationStatus.Success,
                $"The new DKIM records of {identity.Name} are published; Relay now signs with selector {change.Keys[0].Selector}."));
            return switched;
        }

        var (status, state) = _policy.Apply(VerificationStatus.Pending, change.Check, result, now);
        if (status == VerificationStatus.Failed)
        {
            events.Add(new IdentityEvent(
                identity with { PendingDkim = null }, IdentityEventKind.DkimKeyChangeAbandoned, null, null,
                $"The new DKIM records of {identity.Name} did not appear within {_options.PendingWindow.TotalHours:0} hours; the change was dropped and the current keys stay."));
            return identity with { PendingDkim = null };
        }

        return identity with { PendingDkim = change with { Check = state } };
    }

    /// <summary>
    /// Signing moves to the staged key only when a lookup through the customer's CNAME returns it; otherwise the current
    /// key keeps signing and the lookup is tried again.
    /// </summary>
    private async Task<Identity> SwitchToStagedKeyAsync(
        Identity identity, DkimKeyStage stage, DateTimeOffset now, List<IdentityEvent> events, CancellationToken cancellationToken)
    {
        if (!EasyDkimRotation.IsSigning(identity) || identity.DkimStatus != VerificationStatus.Success)
        {
            return identity with { StagedDkim = stage with { SwitchAfter = now + _options.FirstRetryDelay } };
        }

        var staged = identity.DkimKeys.Single(key => key.Selector == stage.Token);
        var result = await _dns.CheckServedKeyAsync(identity.Name, staged, cancellationToken);
        if (result.Outcome != DnsCheckOutcome.Verified)
        {
            LogStagedKeyNotServed(identity.AccountId, identity.Name, stage.Token, result.Records.Count > 0 ? result.Records[0].Explanation : result.Outcome.ToString());
            return identity with { StagedDkim = stage with { SwitchAfter = now + _options.FirstRetryDelay } };
        }

        var switched = _rotation.SwitchToStaged(identity, now);
        events.Add(new IdentityEvent(
            switched, IdentityEventKind.DkimKeysSwitched, identity.DkimStatus, identity.DkimStatus,
            $"Relay now signs {identity.Name} with the new {staged.KeyBits}-bit key behind token {stage.Token}; the previous key stays published for mail signed with it. No DNS change is needed."));
        return switched;
    }

    private Identity RotateOnSchedule(Identity identity, DateTimeOffset now, List<IdentityEvent> events)
    {
        if (!EasyDkimRotation.IsSigning(identity) || identity.DkimStatus != VerificationStatus.Success)
        {
            return identity with { NextRotation = null };
        }

        if (_rotation.FreeToken(identity, now) is null)
        {
            return identity with { NextRotation = _rotation.EarliestFreeToken(identity) };
        }

        var staged = _rotation.Stage(identity, identity.NextSigningKeyLength, now);
        LogRotationStarted(identity.AccountId, identity.Name, staged.StagedDkim!.Token, staged.StagedDkim.SwitchAfter);
        var rotated = _ed25519Rotation.Rotate(staged, now);
        if (!ReferenceEquals(rotated, staged) && rotated.Ed25519 is { SwitchAfter: { } switchAfter } ed25519)
        {
            LogEd25519RotationStarted(identity.AccountId, identity.Name, ed25519.Key.Selector, switchAfter);
        }

        return rotated;
    }

    private static Identity ExpireConfirmation(Identity identity, DateTimeOffset now, List<IdentityEvent> events)
    {
        if (identity.VerificationStatus != VerificationStatus.Pending || identity.VerificationCheck.NextCheck is not { } deadline || now < deadline)
        {
            return identity;
        }

        var expired = identity with
        {
            VerificationStatus = VerificationStatus.Failed,
            VerificationToken = null,
            VerificationCheck = identity.VerificationCheck with { NextCheck = null, LastChecked = now },
        };
        events.Add(StatusEvent(expired, IdentityEventKind.VerificationStatusChanged, "Address verification", VerificationStatus.Pending, VerificationStatus.Failed));
        return expired;
    }

    private static Identity Postponed(Identity identity, DateTimeOffset next) => identity with
    {
        DkimCheck = Postpone(identity.DkimCheck, next),
        VerificationCheck = Postpone(identity.VerificationCheck, next),
        PendingDkim = identity.PendingDkim is { } change ? change with { Check = Postpone(change.Check, next) } : null,
        StagedDkim = identity.StagedDkim is { } stage && stage.SwitchAfter < next ? stage with { SwitchAfter = next } : identity.StagedDkim,
        NextRotation = identity.NextRotation is { } due && due < next ? next : identity.NextRotation,
        Ed25519 = identity.Ed25519 is { } ed25519 ? ed25519 with { Check = Postpone(ed25519.Check, next) } : null,
    };

    private static DnsCheckState Postpone(DnsCheckState state, DateTimeOffset next) =>
        state.NextCheck is { } due && due < next ? state with { NextCheck = next } : state;

    private static bool IsDue(DnsCheckState state, bool force, DateTimeOffset now) =>
        force || (state.NextCheck is { } next && next <= now);

    private static IdentityEvent StatusEvent(Identity identity, IdentityEventKind kind, string what, VerificationStatus from, VerificationStatus to) =>
        new(identity, kind, from, to, $"{what} status of {identity.Name} changed from {SesNames.Status(from)} to {SesNames.Status(to)}.");

    [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "Checking identity {Name} of account {AccountId} failed; it is postponed")]
    private partial void LogCheckFailed(Exception exception, string accountId, string name);

    [LoggerMessage(EventId = 406, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId} changed during its DNS check; the check's result is dropped")]
    private partial void LogCheckDropped(string accountId, string name);

    [LoggerMessage(EventId = 9532, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId} was changed by another request during its DNS check; that change stands and what is still due is checked again on it")]
    private partial void LogCheckAgain(string accountId, string name);

    [LoggerMessage(EventId = 9200, Level = LogLevel.Warning, Message = "Identity {Name} of account {AccountId}: the new key behind token {Token} is not served through the customer's CNAME yet ({Why}); the current key keeps signing")]
    private partial void LogStagedKeyNotServed(string accountId, string name, string token, string why);

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: scheduled DKIM key rotation; the new key behind token {Token} signs from {SwitchAfter:u}")]
    private partial void LogRotationStarted(string accountId, string name, string token, DateTimeOffset switchAfter);

    [LoggerMessage(EventId = 9400, Level = LogLevel.Warning, Message = "The verifier's claim on {Count} identities ran out (lease {Lease}) before they were checked; they are left for the next sweep, on this node or another")]
    private partial void LogClaimLapsed(int count, TimeSpan lease);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: {Kind}: {Text}")]
    private partial void LogEvent(string accountId, string name, IdentityEventKind kind, string text);
}

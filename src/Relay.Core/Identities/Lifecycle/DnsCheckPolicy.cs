namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// The status rules for one set of records, as a pure function of the last status, the check state, the verdict and
/// the time. Waiting records (PENDING, TEMPORARY_FAILURE) are checked often at first, then less, and FAIL when missing
/// for <see cref="IdentityLifecycleOptions.PendingWindow"/>. Verified records are re-checked; missing, they are
/// TEMPORARY_FAILURE (SES's "cannot confirm right now") until they are back (SUCCESS) or have been missing for
/// <see cref="IdentityLifecycleOptions.RevocationGracePeriod"/> (FAILED). A resolver error never counts as missing.
/// </summary>
internal sealed class DnsCheckPolicy(IdentityLifecycleOptions options)
{
    public (VerificationStatus Status, DnsCheckState State) Apply(
        VerificationStatus status, DnsCheckState state, DnsCheckResult result, DateTimeOffset now)
    {
        var checkedState = state with { LastChecked = now, Records = result.Records };
        var verifiedBefore = status == VerificationStatus.Success || (status == VerificationStatus.TemporaryFailure && state.MissingSince is not null);
        return verifiedBefore
            ? ApplyToVerified(status, checkedState, result.Outcome, now)
            : ApplyToWaiting(status, checkedState, result.Outcome, now);
    }

    /// <summary>The delay after <paramref name="attempts"/> fruitless checks: doubling from the first delay, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var delay = options.FirstRetryDelay;
        for (var step = 0; step < attempts && delay < options.LongestRetryDelay; step++)
        {
            delay *= 2;
        }

        return delay < options.LongestRetryDelay ? delay : options.LongestRetryDelay;
    }

    private (VerificationStatus, DnsCheckState) ApplyToVerified(VerificationStatus status, DnsCheckState state, DnsCheckOutcome outcome, DateTimeOffset now)
    {
        switch (outcome)
        {
            case DnsCheckOutcome.Verified:
                return (VerificationStatus.Success, state with
                {
                    LastSuccess = now,
                    MissingSince = null,
                    Attempts = 0,
                    NextCheck = now + options.RecheckInterval,
                });
            case DnsCheckOutcome.ResolverError:
                return (status, state with { Attempts = state.Attempts + 1, NextCheck = now + RetryDelay(state.Attempts) });
            default:
                var missingSince = state.MissingSince ?? now;
                if (now - missingSince >= options.RevocationGracePeriod)
                {
                    return (VerificationStatus.Failed, state with { Since = now, MissingSince = missingSince, NextCheck = null });
                }

                var attempts = state.MissingSince is null ? 0 : state.Attempts + 1;
                var next = Earlier(now + RetryDelay(attempts), missingSince + options.RevocationGracePeriod);
                return (VerificationStatus.TemporaryFailure, state with { MissingSince = missingSince, Attempts = attempts, NextCheck = next });
        }
    }

    private (VerificationStatus, DnsCheckState) ApplyToWaiting(
        VerificationStatus status, DnsCheckState state, DnsCheckOutcome outcome, DateTimeOffset now)
    {
        var since = state.Since ?? now;
        if (outcome == DnsCheckOutcome.Verified)
        {
            return (VerificationStatus.Success, state with
            {
                Since = now,
                LastSuccess = now,
                MissingSince = null,
                Attempts = 0,
                NextCheck = now + options.RecheckInterval,
            });
        }

        var deadline = since + options.PendingWindow;
        var resolverError = outcome == DnsCheckOutcome.ResolverError;
        if (status == VerificationStatus.Failed || (now >= deadline && !resolverError))
        {
            return (VerificationStatus.Failed, state with { Since = status == VerificationStatus.Failed ? since : now, NextCheck = null });
        }

        // Past the deadline only a resolver error gets here: retry with back-off, since capping at the deadline
        // would make the identity due at once, again and again.
        var attempts = state.Attempts + 1;
        var retry = now + RetryDelay(attempts - 1);
        var newStatus = resolverError ? VerificationStatus.TemporaryFailure : VerificationStatus.Pending;
        return (newStatus, state with { Since = since, Attempts = attempts, NextCheck = now < deadline ? Earlier(retry, deadline) : retry });
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// Easy DKIM key changes behind the same three tokens, as SES does them: a new key goes behind a token that is not
/// signing and whose old key has been retired for longer than the retention, is published, and signs only after the
/// switch delay and a lookup through the customer's CNAME that returns it. The customer's DNS never changes.
/// </summary>
internal sealed class EasyDkimRotation(IDkimKeyFactory keys, IdentityLifecycleOptions options)
{
    /// <summary>Whether <paramref name="identity"/> signs with Easy DKIM keys, so that a change must be staged.</summary>
    public static bool IsSigning(Identity identity) =>
        identity is { DkimOrigin: DkimSigningOrigin.AwsSes, PendingDkim: null, SigningKey: not null }
        && identity.DkimKeys.Count > 1
        && identity.DkimStatus is VerificationStatus.Success or VerificationStatus.TemporaryFailure;

    /// <summary>
    /// Publishes a new key of <paramref name="length"/> behind a free token. A key already staged is replaced (it never
    /// signed). Throws when every other token's key may still be needed by queued mail.
    /// </summary>
    public Identity Stage(Identity identity, DkimKeyLength length, DateTimeOffset now)
    {
        var token = identity.StagedDkim?.Token ?? FreeToken(identity, now)
            ?? throw new IdentityOperationException(
                IdentityErrorKind.Throttled,
                $"The DKIM keys of {identity.Name} changed recently; the next change can start at {EarliestFreeToken(identity):u}, when the key it replaces is no longer needed by queued mail.");
        var key = keys.Generate(token, length);
        return identity with
        {
            DkimKeys = identity.DkimKeys.Select(current => current.Selector == token ? key : current).ToArray(),
            StagedDkim = new DkimKeyStage(token, now, now + options.EffectiveKeySwitchDelay),
            LastKeyGeneration = now,
            NextRotation = NextRotationAfter(now),
        };
    }

    /// <summary>Signing moves to the staged key; the key that signed until now is retired and stays published.</summary>
    public Identity SwitchToStaged(Identity identity, DateTimeOffset now)
    {
        var stage = identity.StagedDkim ?? throw new InvalidOperationException($"{identity.Name} has no staged key.");
        var retiring = identity.SigningKey!.Selector;
        return identity with
        {
            SigningKey = identity.DkimKeys.Single(key => key.Selector == stage.Token),
            StagedDkim = null,
            TokenRetirements = [.. identity.TokenRetirements.Where(r => r.Token != retiring && r.Token != stage.Token), new DkimTokenRetirement(retiring, now)],
            NextRotation = NextRotationAfter(now),
        };
    }

    /// <summary>When the next automatic rotation after one at <paramref name="now"/> is due; null when it is off.</summary>
    public DateTimeOffset? NextRotationAfter(DateTimeOffset now) =>
        options.AutomaticRotationInterval > TimeSpan.Zero ? now + options.AutomaticRotationInterval : null;

    /// <summary>A token whose key neither signs nor may be needed any more, the longest retired first; null when none.</summary>
    public string? FreeToken(Identity identity, DateTimeOffset now) =>
        Candidates(identity).Where(candidate => candidate.FreeAt <= now).Select(candidate => candidate.Token).FirstOrDefault();

    /// <summary>The earliest time a token becomes free.</summary>
    public DateTimeOffset EarliestFreeToken(Identity identity) =>
        Candidates(identity).Select(candidate => candidate.FreeAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    private IEnumerable<(string Token, DateTimeOffset FreeAt)> Candidates(Identity identity) =>
        identity.DkimTokens
            .Where(token => token != identity.SigningKey?.Selector)
            .Select(token => (Token: token, FreeAt: identity.TokenRetirements.FirstOrDefault(r => r.Token == token) is { } retired
                ? retired.StoppedSigning + options.RetiredKeyRetention
                : DateTimeOffset.MinValue))
            .OrderBy(candidate => candidate.FreeAt);
}

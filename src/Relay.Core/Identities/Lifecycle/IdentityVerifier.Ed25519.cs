using Microsoft.Extensions.Logging;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>The checks of a domain's Ed25519 record, apart from its RSA records so that SES's DKIM status keeps its meaning.</summary>
public sealed partial class IdentityVerifier
{
    /// <summary>
    /// Easy DKIM: the fourth CNAME, and through it the key zone's record must hold this very key (after a rotation the
    /// record behind the same token changed). BYODKIM: the customer's TXT. The status follows the RSA records' rules.
    /// </summary>
    private async Task<Identity> CheckEd25519Async(Identity identity, Ed25519Dkim ed25519, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await _dns.CheckDkimAsync(identity.Name, ed25519.Origin, [ed25519.Key], cancellationToken);
        if (result.Outcome == DnsCheckOutcome.Verified && ed25519.Origin == DkimSigningOrigin.AwsSes)
        {
            var served = await _dns.CheckServedKeyAsync(identity.Name, ed25519.Key, cancellationToken);
            if (served.Outcome != DnsCheckOutcome.Verified)
            {
                result = new DnsCheckResult(served.Outcome, [.. result.Records, .. served.Records]);
            }
        }

        var (status, state) = _policy.Apply(ed25519.Status, ed25519.Check, result, now);
        if (status != ed25519.Status)
        {
            LogEd25519StatusChanged(identity.AccountId, identity.Name, ed25519.Key.Selector, ed25519.Status, status);
        }

        return identity with { Ed25519 = ed25519 with { Status = status, Check = state } };
    }

    [LoggerMessage(EventId = 9351, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: Ed25519 record (selector {Selector}) {From} -> {To}")]
    private partial void LogEd25519StatusChanged(string accountId, string name, string selector, VerificationStatus from, VerificationStatus to);

    [LoggerMessage(EventId = 9352, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: scheduled rotation also renews the Ed25519 key behind token {Token}; Ed25519 signing pauses until {FirstCheck:u} and a lookup returns the new key")]
    private partial void LogEd25519RotationStarted(string accountId, string name, string token, DateTimeOffset firstCheck);
}

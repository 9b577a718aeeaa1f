using Microsoft.Extensions.Logging;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>The checks of a domain's Ed25519 record, apart from its RSA records so that SES's DKIM status keeps its meaning.</summary>
public sealed partial class IdentityVerifier
{
    /// <summary>
    /// Easy DKIM: the fourth CNAME, and through it the key zone's record must hold this very key (after a rotation the
    /// record behind the same token changed). BYODKIM: the customer's TXT. The status follows the RSA records' rules.
    /// </summary>
    private async Task<Identity> CheckEd25519Async(
        Identity identity, Ed25519Dkim ed25519, DateTimeOffset now, List<IdentityEvent> events, CancellationToken cancellationToken)
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
        var updated = identity with { Ed25519 = ed25519 with { Status = status, Check = state, SwitchAfter = null } };
        if (status != ed25519.Status)
        {
            var signing = status == VerificationStatus.Success
                ? "Relay adds an ed25519-sha256 signature above the RSA one while the RSA records verify and signing is enabled"
                : "Relay signs with RSA only until the record verifies";
            events.Add(new IdentityEvent(
                updated, IdentityEventKind.Ed25519StatusChanged, ed25519.Status, status,
                $"Ed25519 status of {identity.Name} (selector {ed25519.Key.Selector}) changed from {SesNames.Status(ed25519.Status)} to {SesNames.Status(status)}: {signing}."));
        }

        return updated;
    }

    [LoggerMessage(EventId = 9352, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: scheduled rotation also renews the Ed25519 key behind token {Token}; Ed25519 signing pauses until {FirstCheck:u} and a lookup returns the new key")]
    private partial void LogEd25519RotationStarted(string accountId, string name, string token, DateTimeOffset firstCheck);
}

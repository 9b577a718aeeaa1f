using Microsoft.Extensions.Logging;

namespace Relay.Core.Identities.Lifecycle;

/// <summary>The Ed25519 key beside a domain's RSA keys (RFC 8463): on, off, brought by the customer, rotated.</summary>
public sealed partial class IdentityManagementService
{
    public async Task<Identity> SetEd25519Async(string accountId, string domain, Ed25519DkimRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(accountId);
        var stored = await ChangeAsync(accountId, LookupName(domain), current => Ed25519Change(RequireDomain(current, domain), request), cancellationToken);
        return AsStored(stored);
    }

    /// <summary>SetEd25519 applied to the domain as stored.</summary>
    private Applied<Identity> Ed25519Change(Identity identity, Ed25519DkimRequest request)
    {
        var now = _time.GetUtcNow();
        if (!request.Enabled)
        {
            return identity.Ed25519 is null ? Unchanged(identity) : Save(identity with { Ed25519 = null }, "Ed25519 key removed; RSA signatures only");
        }

        Identity updated;
        if (request.Selector is null && request.PrivateKey is null)
        {
            if (identity.Ed25519 is { Origin: DkimSigningOrigin.AwsSes } easy)
            {
                if (easy.Status != VerificationStatus.Failed)
                {
                    return Unchanged(identity);
                }

                // Asking again after FAILED starts a new wait for the same CNAME, as VerifyDomainDkim does for RSA.
                updated = identity with { Ed25519 = easy with { Status = VerificationStatus.Pending, Check = DnsCheckState.StartingAt(now) } };
            }
            else
            {
                updated = WithEasyEd25519(identity, now);
            }
        }
        else
        {
            var selector = IdentityNameRules.Selector(request.Selector);
            if (string.IsNullOrWhiteSpace(request.PrivateKey))
            {
                throw new IdentityOperationException(IdentityErrorKind.InvalidParameter, "An Ed25519 key of the customer's needs its private key.");
            }

            var rsaKeys = identity.DkimKeys.Concat(identity.PendingDkim?.Keys ?? []).Concat(identity.RetiredDkim?.Keys ?? []);
            if (rsaKeys.Any(key => string.Equals(key.Selector, selector, StringComparison.OrdinalIgnoreCase)))
            {
                throw new IdentityOperationException(
                    IdentityErrorKind.InvalidParameter, $"Selector {selector} already names an RSA key of {identity.Name}; the Ed25519 key needs a selector of its own.");
            }

            var key = _ed25519Keys.Import(selector, request.PrivateKey);
            updated = identity with { Ed25519 = new Ed25519Dkim(DkimSigningOrigin.External, key, VerificationStatus.Pending, DnsCheckState.StartingAt(now)) };
        }

        return Save(updated, $"Ed25519 key ({SesNames.Origin(updated.Ed25519!.Origin)}) under selector {updated.Ed25519.Key.Selector}, PENDING");
    }

    /// <summary>With <see cref="IdentityLifecycleOptions.Ed25519"/>, a new Easy DKIM domain gets its Ed25519 key too.</summary>
    private Identity WithDefaultEd25519(Identity identity, DateTimeOffset now) =>
        _options.Ed25519 && identity.Ed25519 is null && identity.DkimOrigin == DkimSigningOrigin.AwsSes ? WithEasyEd25519(identity, now) : identity;

    private Identity WithEasyEd25519(Identity identity, DateTimeOffset now) => identity with
    {
        Ed25519 = new Ed25519Dkim(
            DkimSigningOrigin.AwsSes, _ed25519Keys.Generate(IdentityTokens.NewDkimToken()), VerificationStatus.Pending, DnsCheckState.StartingAt(now)),
    };

    /// <summary><see cref="Ed25519DkimRotation"/>, logged.</summary>
    private Identity WithRotatedEd25519(Identity identity, DateTimeOffset now)
    {
        var rotated = _ed25519Rotation.Rotate(identity, now);
        if (!ReferenceEquals(rotated, identity) && rotated.Ed25519 is { SwitchAfter: { } switchAfter } ed25519)
        {
            LogEd25519Rotated(identity.AccountId, identity.Name, ed25519.Key.Selector, switchAfter);
        }

        return rotated;
    }

    [LoggerMessage(EventId = 9350, Level = LogLevel.Information, Message = "Identity {Name} of account {AccountId}: new Ed25519 key behind token {Token}; Ed25519 signing pauses until {FirstCheck:u} and a lookup returns the new key")]
    private partial void LogEd25519Rotated(string accountId, string name, string token, DateTimeOffset firstCheck);
}

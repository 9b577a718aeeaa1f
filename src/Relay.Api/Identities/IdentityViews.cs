using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Identities;

/// <summary>Reads identities the way the API presents them, always within one account.</summary>
internal sealed class IdentityViews(IIdentityManagement identities)
{
    public async Task<DkimView> DkimAsync(string accountId, Identity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Type == IdentityType.Domain)
        {
            return DkimView.Of(identity.SigningEnabled, identity);
        }

        foreach (var candidate in IdentityNames.CandidatesFor(identity.Name).Skip(1))
        {
            if (await FindOrNullAsync(accountId, candidate, cancellationToken) is { Type: IdentityType.Domain } domain)
            {
                return DkimView.Of(identity.SigningEnabled, domain);
            }
        }

        return new DkimView(identity.SigningEnabled, VerificationStatus.NotStarted, [], DkimSigningOrigin.AwsSes, null);
    }

    /// <summary>The identity, or null when it does not exist or its name is malformed (either way: nothing to report).</summary>
    public async Task<Identity?> FindOrNullAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await identities.FindAsync(accountId, name, cancellationToken);
        }
        catch (IdentityOperationException ex) when (ex.Kind is IdentityErrorKind.InvalidParameter or IdentityErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// SES's verification status. A domain is verified by its DKIM records or by its verification TXT, and reports
    /// the further along of the two: PENDING once the DKIM records are awaited (CreateEmailIdentity, VerifyDomainDkim)
    /// even when no TXT was asked for, SUCCESS when either succeeded.
    /// </summary>
    public static VerificationStatus VerificationOf(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.IsVerified)
        {
            return VerificationStatus.Success;
        }

        return identity.Type == IdentityType.Domain && Progress(identity.DkimStatus) > Progress(identity.VerificationStatus)
            ? identity.DkimStatus
            : identity.VerificationStatus;
    }

    /// <summary>The DNS check behind <see cref="VerificationOf"/>: the DKIM records' when they give the status, else the TXT's (or an address's confirmation).</summary>
    public static DnsCheckState VerificationCheckOf(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var byDkim = identity.Type == IdentityType.Domain && identity.DkimKeys.Count > 0 && identity.DkimStatus == VerificationOf(identity);
        return byDkim ? identity.DkimCheck : identity.VerificationCheck;
    }

    private static int Progress(VerificationStatus status) => status switch
    {
        VerificationStatus.Success => 4,
        VerificationStatus.Pending => 3,
        VerificationStatus.TemporaryFailure => 2,
        VerificationStatus.Failed => 1,
        _ => 0,
    };
}

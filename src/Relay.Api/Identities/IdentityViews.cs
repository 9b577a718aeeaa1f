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
            return new DkimView(identity.SigningEnabled, identity.DkimStatus, identity.DkimTokens, identity);
        }

        foreach (var candidate in IdentityNames.CandidatesFor(identity.Name).Skip(1))
        {
            if (await FindOrNullAsync(accountId, candidate, cancellationToken) is { Type: IdentityType.Domain } domain)
            {
                return new DkimView(identity.SigningEnabled, domain.DkimStatus, domain.DkimTokens, domain);
            }
        }

        return new DkimView(identity.SigningEnabled, VerificationStatus.NotStarted, [], null);
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

    /// <summary>SES's verification status: a domain whose DKIM succeeded counts as verified.</summary>
    public static VerificationStatus VerificationOf(Identity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.IsVerified ? VerificationStatus.Success : identity.VerificationStatus;
    }
}

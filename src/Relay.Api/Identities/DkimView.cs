using Relay.Core.Identities;

namespace Relay.Api.Identities;

/// <summary>
/// The DKIM state SES reports for an identity. An email address carries no keys: it reports the DKIM status and
/// tokens of the account's nearest domain covering it, with its own signing switch.
/// </summary>
internal sealed record DkimView(bool SigningEnabled, VerificationStatus Status, IReadOnlyList<string> Tokens, DkimSigningOrigin Origin, Identity? KeyHolder)
{
    /// <summary>
    /// A domain's DKIM as SES shows it: a switch of signing method waiting for its records (to BYODKIM: the customer's
    /// TXT) is reported as SES reports it, PENDING with the new origin and selector, although Relay keeps signing with
    /// the current keys until the new ones verify.
    /// </summary>
    public static DkimView Of(bool signingEnabled, Identity domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return domain.PendingDkim is { } change
            ? new DkimView(signingEnabled, VerificationStatus.Pending, change.Keys.Select(key => key.Selector).ToList(), change.Origin, domain)
            : new DkimView(signingEnabled, domain.DkimStatus, domain.DkimTokens, domain.DkimOrigin, domain);
    }
}

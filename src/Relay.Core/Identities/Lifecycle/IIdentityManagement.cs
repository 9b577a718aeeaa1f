namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// Everything an account can do with its identities: the one surface behind both the CLI and the SES API.
/// Every call is scoped to <c>accountId</c>; another account's identity is reported as not found.
/// Refusals throw <see cref="IdentityOperationException"/>.
/// </summary>
public interface IIdentityManagement
{
    /// <summary>SES VerifyDomainDkim: makes (once) the domain's three Easy DKIM keys and returns their tokens. At most once per second per account.</summary>
    Task<IReadOnlyList<string>> VerifyDomainDkimAsync(string accountId, string domain, CancellationToken cancellationToken);

    /// <summary>SES VerifyDomainIdentity: returns the token to publish as TXT at <c>_&lt;prefix&gt;.&lt;domain&gt;</c>; the same token on every call.</summary>
    Task<string> VerifyDomainIdentityAsync(string accountId, string domain, CancellationToken cancellationToken);

    /// <summary>SES VerifyEmailIdentity: adds the address as PENDING and mails it a confirmation link.</summary>
    Task VerifyEmailIdentityAsync(string accountId, string address, CancellationToken cancellationToken);

    /// <summary>The confirmation link was followed; returns the confirmed identity, or null for an unknown or expired token.</summary>
    Task<Identity?> ConfirmEmailAsync(string token, CancellationToken cancellationToken);

    /// <summary>Operator shortcut: marks an address identity verified without the link.</summary>
    Task<Identity> ConfirmEmailByOperatorAsync(string accountId, string address, CancellationToken cancellationToken);

    /// <summary>SES v2 CreateEmailIdentity: a domain gets Easy DKIM (or BYODKIM when <paramref name="signing"/> says so), an address a confirmation link. Refuses an existing identity.</summary>
    Task<Identity> CreateIdentityAsync(string accountId, string name, DkimSigningRequest? signing, CancellationToken cancellationToken);

    /// <summary>The identity, or null.</summary>
    Task<Identity?> FindAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>The account's identities, by name.</summary>
    Task<IReadOnlyList<Identity>> ListAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>SES SetIdentityDkimEnabled / PutEmailIdentityDkimAttributes. An address needs a domain of the account with DKIM keys.</summary>
    Task<Identity> SetSigningEnabledAsync(string accountId, string name, bool enabled, CancellationToken cancellationToken);

    /// <summary>SES PutEmailIdentityDkimSigningAttributes: new key length, BYODKIM key, or a switch between the two.</summary>
    Task<Identity> SetSigningAttributesAsync(string accountId, string domain, DkimSigningRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Relay's extension (SES has no call for it): the domain's Ed25519 key beside its RSA keys. Easy DKIM makes one
    /// behind a fourth token (once; asking again changes nothing), BYODKIM takes the customer's key and selector, and
    /// <see cref="Ed25519DkimRequest.Enabled"/> false removes the key. It signs once its own record verifies.
    /// </summary>
    Task<Identity> SetEd25519Async(string accountId, string domain, Ed25519DkimRequest request, CancellationToken cancellationToken);

    /// <summary>Makes new Easy DKIM keys and tokens; the current keys sign until the new records verify.</summary>
    Task<Identity> RotateAsync(string accountId, string domain, CancellationToken cancellationToken);

    /// <summary>Deletes the identity and its keys; false when there was none.</summary>
    Task<bool> DeleteAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>The identity's tags in key order; NotFound when there is no such identity.</summary>
    Task<IReadOnlyList<IdentityTag>> ListTagsAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// SES TagResource: adds the tags, replacing the values of keys the identity has already. Refuses what
    /// <see cref="IdentityTagRules"/> refuses, and more than <see cref="IdentityTagRules.MaxTagsPerIdentity"/> tags in all.
    /// </summary>
    Task TagAsync(string accountId, string name, IReadOnlyList<IdentityTag> tags, CancellationToken cancellationToken);

    /// <summary>SES UntagResource: removes the tags with these keys; keys the identity does not have are ignored.</summary>
    Task UntagAsync(string accountId, string name, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Looks the identity's records up now instead of at the next scheduled check.</summary>
    Task<Identity> CheckNowAsync(string accountId, string name, CancellationToken cancellationToken);

    /// <summary>The records the customer must publish for the identity (domains only; empty for addresses).</summary>
    IReadOnlyList<DnsRecord> RecordsFor(Identity identity);
}

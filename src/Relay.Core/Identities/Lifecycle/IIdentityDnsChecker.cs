namespace Relay.Core.Identities.Lifecycle;

/// <summary>Looks up the records a customer published, through the configured resolver.</summary>
public interface IIdentityDnsChecker
{
    /// <summary>
    /// Easy DKIM: each key's <c>&lt;token&gt;._domainkey.&lt;domain&gt;</c> must be a CNAME to <c>&lt;token&gt;.&lt;provider zone&gt;</c>.
    /// BYODKIM: <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> must publish the key's public half.
    /// </summary>
    Task<DnsCheckResult> CheckDkimAsync(string domain, DkimSigningOrigin origin, IReadOnlyList<SigningKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The TXT record a verifier finds at <c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> (through the customer's
    /// CNAME for Easy DKIM) must publish <paramref name="key"/>'s public half: the key may sign.
    /// </summary>
    Task<DnsCheckResult> CheckServedKeyAsync(string domain, SigningKey key, CancellationToken cancellationToken);

    /// <summary>The TXT record <c>_&lt;prefix&gt;.&lt;domain&gt;</c> must hold <paramref name="token"/>.</summary>
    Task<DnsCheckResult> CheckVerificationTokenAsync(string domain, string token, CancellationToken cancellationToken);
}

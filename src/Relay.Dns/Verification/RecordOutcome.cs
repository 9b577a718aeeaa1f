namespace Relay.Dns.Verification;

/// <summary>What a check found at one DNS record, from the customer's point of view.</summary>
public enum RecordOutcome
{
    /// <summary>The record is published as expected.</summary>
    Found,

    /// <summary>Nothing usable at the name (NXDOMAIN, or the name exists without the record), and no known mistake nearby.</summary>
    Missing,

    /// <summary>Easy DKIM: a CNAME at the right name whose target is not the expected one (the finding says which).</summary>
    PointsElsewhere,

    /// <summary>Easy DKIM: the CNAME's target has the customer's domain appended (the value was entered without a trailing dot).</summary>
    TargetDomainAppended,

    /// <summary>Easy DKIM: a TXT record at the name where the CNAME belongs (the key pasted instead of the alias).</summary>
    TxtInsteadOfCname,

    /// <summary>The record is missing, but exists at <c>&lt;name&gt;.&lt;domain&gt;</c>: the DNS provider appended the domain again.</summary>
    DuplicatedDomain,

    /// <summary>The record is missing, but exists at <c>&lt;token-or-selector&gt;.&lt;domain&gt;</c>: the <c>._domainkey</c> label was left out.</summary>
    MissingDomainKeyLabel,

    /// <summary>The record is missing, but exists with <c>domainkey</c> (or the verification prefix) written without its underscore.</summary>
    MissingUnderscore,

    /// <summary>BYODKIM: a DKIM key record at the name, with another public key (or an empty, revoked <c>p=</c>).</summary>
    KeyMismatch,

    /// <summary>BYODKIM: TXT at the name that is not a usable DKIM key record (no <c>p=</c>, not <c>v=DKIM1</c>, bad base64, quoted).</summary>
    Malformed,

    /// <summary>Domain verification: TXT at the name, none of it the expected token.</summary>
    Mismatch,

    /// <summary>
    /// The resolver failed, timed out or answered SERVFAIL/REFUSED: nothing is known about the record. Never a
    /// sign that it is missing; ask again later.
    /// </summary>
    ResolverError,
}

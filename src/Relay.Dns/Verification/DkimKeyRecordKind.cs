namespace Relay.Dns.Verification;

/// <summary>What a TXT value at a DKIM selector is.</summary>
internal enum DkimKeyRecordKind
{
    /// <summary>A DKIM key record with a public key.</summary>
    Key,

    /// <summary>A DKIM key record with an empty <c>p=</c>: the key is revoked (RFC 6376 3.6.1).</summary>
    Revoked,

    /// <summary>Not a usable DKIM key record.</summary>
    Malformed,
}

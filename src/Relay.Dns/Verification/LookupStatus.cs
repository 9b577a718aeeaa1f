namespace Relay.Dns.Verification;

/// <summary>How the resolver answered one query.</summary>
internal enum LookupStatus
{
    /// <summary>NOERROR with records in the answer section.</summary>
    Answered,

    /// <summary>NOERROR without records: the name exists, not with this type.</summary>
    NoData,

    /// <summary>NXDOMAIN: the name does not exist (the answer may still hold the CNAME that led there).</summary>
    NxDomain,

    /// <summary>No usable answer: timeout, unreachable resolver, SERVFAIL, REFUSED or another error code.</summary>
    Failed,
}

namespace Relay.Dns.Tsig;

/// <summary>What <see cref="TsigVerifier"/> found on a message, in the order RFC 8945 5.2 checks.</summary>
internal enum TsigOutcome
{
    /// <summary>No TSIG record.</summary>
    Unsigned,

    /// <summary>The TSIG record is not the last record, or it does not parse: FORMERR.</summary>
    Malformed,

    /// <summary>Signed with a key name or algorithm this server does not hold: NOTAUTH, BADKEY, unsigned answer.</summary>
    BadKey,

    /// <summary>The MAC does not verify (or is truncated, which is not accepted): NOTAUTH, BADSIG, unsigned answer.</summary>
    BadSig,

    /// <summary>The MAC verifies but the time signed is outside the fudge: NOTAUTH, BADTIME, signed answer.</summary>
    BadTime,

    /// <summary>The MAC verifies and the time is within the fudge.</summary>
    Valid,
}

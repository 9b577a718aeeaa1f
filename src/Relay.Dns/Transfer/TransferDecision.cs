namespace Relay.Dns.Transfer;

/// <summary>What <see cref="ZoneTransferPolicy"/> decides for one AXFR or IXFR request.</summary>
internal enum TransferDecision
{
    /// <summary>From a configured secondary, with a valid TSIG: the zone is sent.</summary>
    Allowed,

    /// <summary>No secondaries or no TSIG key configured: transfers are off. REFUSED.</summary>
    RefusedTransfersOff,

    /// <summary>Over UDP, where a transfer is never answered (RFC 5936 4.2). REFUSED.</summary>
    RefusedOverUdp,

    /// <summary>From an address that is not a configured secondary. REFUSED.</summary>
    RefusedNotSecondary,

    /// <summary>From a secondary, signed, but for a zone other than the key zone. REFUSED.</summary>
    RefusedOtherZone,

    /// <summary>From a secondary but without a TSIG record. REFUSED.</summary>
    RefusedUnsigned,

    /// <summary>The TSIG record does not parse or is not last. FORMERR.</summary>
    FormatError,

    /// <summary>Unknown key, bad MAC or time outside the fudge. NOTAUTH (RFC 8945 5.2).</summary>
    NotAuthenticated,
}

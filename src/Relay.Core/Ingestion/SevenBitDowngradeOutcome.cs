namespace Relay.Core.Ingestion;

/// <summary>What <see cref="SevenBitDowngrade"/> made of a message.</summary>
internal enum SevenBitDowngradeOutcome
{
    /// <summary>Every octet was already 7-bit: the message goes out unchanged.</summary>
    AlreadySevenBit,

    /// <summary>8-bit parts were re-encoded; the new bytes are in the result's content.</summary>
    Converted,

    /// <summary>A header field holds 8-bit octets (an SMTPUTF8 message): no 7-bit form exists (RFC 6531).</summary>
    EightBitHeader,

    /// <summary>8-bit octets remain where no transfer encoding can reach them (a preamble, a malformed part).</summary>
    NotConvertible,
}

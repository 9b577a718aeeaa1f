namespace Relay.Dns.Wire;

/// <summary>What <see cref="DnsWire.TryReadName"/> found in an encoded domain name.</summary>
internal enum NameCheck
{
    /// <summary>A name of labels of at most 63 octets, at most 255 octets in all, ending in the root label.</summary>
    Valid,

    /// <summary>The message ends inside the name.</summary>
    Truncated,

    /// <summary>A label length octet with the reserved top bits 01 or 10 (RFC 6891 drops extended label types).</summary>
    UnknownLabelType,

    /// <summary>The name is longer than 255 octets in its uncompressed form (RFC 1035 2.3.4).</summary>
    NameTooLong,

    /// <summary>
    /// A compression pointer into the header, or one that does not point before the place it was read from, so it
    /// could loop (RFC 1035 4.1.4).
    /// </summary>
    BadPointer,
}

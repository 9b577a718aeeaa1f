namespace Relay.Dns.Tsig;

/// <summary>The TSIG error field's values (RFC 8945 3, IANA "DNS RCODEs").</summary>
internal static class TsigError
{
    public const ushort None = 0;

    /// <summary>The MAC did not verify.</summary>
    public const ushort BadSig = 16;

    /// <summary>The key name or algorithm is not one the server holds.</summary>
    public const ushort BadKey = 17;

    /// <summary>The time signed is outside the fudge.</summary>
    public const ushort BadTime = 18;

    /// <summary>The message's return code for any TSIG failure (RFC 8945 5.2).</summary>
    public const int NotAuthReturnCode = 9;
}

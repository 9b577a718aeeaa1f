namespace Relay.Dns;

/// <summary>The few header checks made on raw bytes before a message is handed to the parser (RFC 1035 4.1.1).</summary>
internal static class DnsHeader
{
    /// <summary>The fixed header size; anything shorter cannot be a DNS message.</summary>
    public const int Length = 12;

    /// <summary>
    /// True for a message that is long enough and has QR clear. Responses are dropped unanswered: answering them
    /// would let a spoofed packet set two servers replying to each other.
    /// </summary>
    public static bool IsQuery(ReadOnlySpan<byte> message) => message.Length >= Length && (message[2] & 0x80) == 0;
}

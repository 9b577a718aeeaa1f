using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Relay.Dns.RateLimiting;

/// <summary>The client's address cut to its network prefix, as one 128-bit number (IPv4 as IPv4-mapped IPv6).</summary>
internal static class ClientNetwork
{
    private const int MappedIPv4Offset = 96;

    public static UInt128 Of(IPAddress address, int ipv4PrefixLength, int ipv6PrefixLength)
    {
        var isIPv4 = address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;
        Span<byte> bytes = stackalloc byte[16];
        address.MapToIPv6().TryWriteBytes(bytes, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var prefix = isIPv4 ? MappedIPv4Offset + ipv4PrefixLength : ipv6PrefixLength;
        return prefix >= 128 ? value : value & ~(UInt128.MaxValue >> prefix);
    }
}

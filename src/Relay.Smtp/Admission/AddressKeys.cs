using System.Net;
using System.Net.Sockets;

namespace Relay.Smtp.Admission;

/// <summary>The key per-address limits count under: one client is one IPv4 address, or one IPv6 /64.</summary>
internal static class AddressKeys
{
    // IPv4-mapped IPv6 is its IPv4 address, and an IPv6 client usually holds a whole /64.
    public static IPAddress For(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address;
        }

        var octets = address.GetAddressBytes();
        Array.Clear(octets, 8, 8);
        return new IPAddress(octets);
    }
}

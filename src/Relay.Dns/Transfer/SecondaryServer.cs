using System.Net;

namespace Relay.Dns.Transfer;

/// <summary>
/// A secondary name server that may transfer the key zone (AXFR, over TCP, TSIG-signed) and is sent a NOTIFY
/// (RFC 1996) to <see cref="Address"/> at <see cref="NotifyPort"/> whenever the serial changes.
/// </summary>
/// <param name="Address">The address the secondary transfers from and receives NOTIFY at.</param>
/// <param name="NotifyPort">The UDP port for NOTIFY; 53 unless the secondary listens elsewhere.</param>
public sealed record SecondaryServer(IPAddress Address, int NotifyPort = SecondaryServer.DefaultNotifyPort)
{
    /// <summary>The standard DNS port.</summary>
    public const int DefaultNotifyPort = 53;

    /// <summary>True when <paramref name="client"/> is this secondary's address (an IPv4-mapped IPv6 address counts as IPv4).</summary>
    public bool Matches(IPAddress client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Plain(Address).Equals(Plain(client));
    }

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

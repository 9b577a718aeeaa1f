using System.Buffers.Binary;
using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Relay.Dns;

/// <summary>Wraps received bytes as ARSoft's raw package, which already reads the header and question.</summary>
internal static class RawPackage
{
    /// <summary>The package, or null when ARSoft cannot even read its question.</summary>
    public static DnsReceivedRawPackage? TryCreate(ReadOnlySpan<byte> message, IPEndPoint remote, IPEndPoint local)
    {
        // ARSoft's raw package starts with the two-octet length prefix used on TCP.
        var buffer = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)message.Length);
        message.CopyTo(buffer.AsSpan(2));
        try
        {
            return new DnsReceivedRawPackage(buffer, remote, local);
        }
#pragma warning disable CA1031 // Garbage from the network makes ARSoft's parser throw anything (index, format, argument).
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

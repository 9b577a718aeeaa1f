using System.Buffers.Binary;
using System.Text;

namespace Relay.Dns.Tests;

/// <summary>Hand-built DNS messages for the robustness tests (RFC 1035 4.1), so that odd flags can be set.</summary>
internal static class WireQuery
{
    public const ushort TypeTxt = 16;

    /// <summary>A one-question message; <paramref name="isResponse"/> sets QR.</summary>
    public static byte[] Build(ushort id, string name, ushort type, bool isResponse = false)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = isResponse ? (byte)0x80 : (byte)0x00;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        message.AddRange(header);
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.Add(0);
        message.AddRange([(byte)(type >> 8), (byte)type, 0, 1]);
        return [.. message];
    }

    /// <summary>A one-question message whose name is given in wire form, as it is (no checks).</summary>
    public static byte[] BuildRaw(ushort id, byte[] encodedName, ushort type)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);
        return [.. header, .. encodedName, (byte)(type >> 8), (byte)type, 0, 1];
    }

    public static bool IsTruncated(ReadOnlySpan<byte> message) => (message[2] & 0x02) != 0;

    public static ushort QuestionCountOf(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[4..]);

    public static ushort AnswerCountOf(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[6..]);

    public static ushort IdOf(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    public static int ReturnCodeOf(ReadOnlySpan<byte> message) => message[3] & 0x0F;

    public static bool IsAuthoritative(ReadOnlySpan<byte> message) => (message[2] & 0x04) != 0;

    /// <summary>Prefixes the two-octet length used on TCP.</summary>
    public static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }
}

using Relay.Dns.Wire;

namespace Relay.Dns.Transfer;

/// <summary>A NOTIFY request (RFC 1996 3): opcode 4, AA set, one question for the zone's SOA, nothing else.</summary>
internal static class NotifyRequest
{
    public const int Opcode = 4;

    private const ushort TypeSoa = 6;
    private const ushort ClassInternet = 1;
    private const ushort Flags = (Opcode << 11) | 0x0400;

    public static byte[] Build(ushort id, string zone)
    {
        var writer = new DnsMessageWriter();
        writer.WriteHeader(id, Flags, 1, 0, 0, 0);
        writer.WriteName(zone);
        writer.WriteUInt16(TypeSoa);
        writer.WriteUInt16(ClassInternet);
        return writer.ToArray();
    }

    /// <summary>True when <paramref name="message"/> is the answer to NOTIFY <paramref name="id"/>: same id, QR set, opcode 4.</summary>
    public static bool IsAnswerTo(ReadOnlySpan<byte> message, ushort id) =>
        message.Length >= DnsWire.HeaderLength
        && DnsWire.Id(message) == id
        && (message[2] & 0x80) != 0
        && ((message[2] >> 3) & 0x0F) == Opcode;
}

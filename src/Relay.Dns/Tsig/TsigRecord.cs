using System.Buffers.Binary;
using Relay.Dns.Wire;

namespace Relay.Dns.Tsig;

/// <summary>
/// The fields of a TSIG record (RFC 8945 4.2): the owner is the key name, the RDATA carries the algorithm, the time
/// signed, the fudge, the MAC, the original message id, the TSIG error and other data (the server time for BADTIME).
/// </summary>
internal sealed record TsigRecord(
    string KeyName, string Algorithm, long TimeSigned, ushort Fudge, byte[] Mac, ushort OriginalId, ushort Error, byte[] OtherData)
{
    /// <summary>The TSIG RR type.</summary>
    public const ushort Type = 250;

    /// <summary>TSIG records are of class ANY.</summary>
    public const ushort ClassAny = 255;

    /// <summary>
    /// Reads the TSIG record when it is the message's last record, as RFC 8945 5.1 requires. False (and null) for a
    /// message without one; true with a null record for a TSIG record that does not parse.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out TsigRecord? record, out int recordStart)
    {
        record = null;
        if (!RecordSections.TryFindLastRecord(message, out recordStart, out var rdataStart)
            || RecordSections.AdditionalCount(message) == 0
            || RecordSections.TypeAt(message, recordStart) != Type)
        {
            return false;
        }

        record = Parse(message, recordStart, rdataStart);
        return true;
    }

    /// <summary>The record in wire form, owner and algorithm names uncompressed and in lower case.</summary>
    public byte[] Encode()
    {
        var writer = new DnsMessageWriter();
        writer.WriteName(KeyName);
        writer.WriteUInt16(Type);
        writer.WriteUInt16(ClassAny);
        writer.WriteUInt32(0);
        var lengthAt = writer.Length;
        writer.WriteUInt16(0);
        writer.WriteName(Algorithm);
        writer.WriteUInt48(TimeSigned);
        writer.WriteUInt16(Fudge);
        writer.WriteUInt16(Mac.Length);
        writer.WriteBytes(Mac);
        writer.WriteUInt16(OriginalId);
        writer.WriteUInt16(Error);
        writer.WriteUInt16(OtherData.Length);
        writer.WriteBytes(OtherData);
        writer.PatchUInt16(lengthAt, writer.Length - lengthAt - 2);
        return writer.ToArray();
    }

    private static TsigRecord? Parse(ReadOnlySpan<byte> message, int recordStart, int rdataStart)
    {
        var rdataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(rdataStart - 2)..]);
        var end = rdataStart + rdataLength;
        if (DnsWire.TryReadName(message, rdataStart, out var position, out _) != NameCheck.Valid || position > end)
        {
            return null;
        }

        // Time Signed (6), Fudge (2), MAC Size (2).
        if (position + 10 > end)
        {
            return null;
        }

        var timeSigned = ((long)BinaryPrimitives.ReadUInt16BigEndian(message[position..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(message[(position + 2)..]);
        var fudge = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 6)..]);
        var macSize = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
        position += 10;

        // MAC, Original ID (2), Error (2), Other Len (2).
        if (position + macSize + 6 > end)
        {
            return null;
        }

        var mac = message.Slice(position, macSize).ToArray();
        position += macSize;
        var originalId = BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
        var error = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
        var otherLength = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 4)..]);
        position += 6;
        if (position + otherLength != end)
        {
            return null;
        }

        return new TsigRecord(
            DnsNames.Normalise(DnsWire.NameText(message, recordStart)),
            DnsNames.Normalise(DnsWire.NameText(message, rdataStart)),
            timeSigned,
            fudge,
            mac,
            originalId,
            error,
            message.Slice(position, otherLength).ToArray());
    }
}

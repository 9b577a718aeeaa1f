using System.Buffers.Binary;

namespace Relay.Dns.Wire;

/// <summary>Walks the answer, authority and additional sections of a message (RFC 1035 4.1.3) on raw bytes.</summary>
internal static class RecordSections
{
    /// <summary>The fixed part of a resource record after its owner name: TYPE, CLASS, TTL, RDLENGTH.</summary>
    public const int FixedLength = 10;

    public static ushort AnswerCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[6..]);

    public static ushort AuthorityCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[8..]);

    public static ushort AdditionalCount(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message[10..]);

    /// <summary>
    /// Finds where the last record of the message starts (its owner name) and where its RDATA starts, checking that
    /// every record before it is whole and that it ends exactly at the end of the message. False for a message with
    /// no records or one that does not parse.
    /// </summary>
    public static bool TryFindLastRecord(ReadOnlySpan<byte> message, out int recordStart, out int rdataStart)
    {
        recordStart = -1;
        rdataStart = -1;
        if (DnsWire.TryReadQuestions(message, out var position) != NameCheck.Valid)
        {
            return false;
        }

        var records = AnswerCount(message) + AuthorityCount(message) + AdditionalCount(message);
        if (records == 0)
        {
            return false;
        }

        for (var i = 0; i < records; i++)
        {
            recordStart = position;
            if (DnsWire.TryReadName(message, position, out var afterName, out _) != NameCheck.Valid
                || afterName + FixedLength > message.Length)
            {
                return false;
            }

            rdataStart = afterName + FixedLength;
            var rdataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(afterName + 8)..]);
            position = rdataStart + rdataLength;
            if (position > message.Length)
            {
                return false;
            }
        }

        return position == message.Length;
    }

    /// <summary>The TYPE of the record whose owner name starts at <paramref name="recordStart"/>.</summary>
    public static ushort TypeAt(ReadOnlySpan<byte> message, int recordStart)
    {
        DnsWire.TryReadName(message, recordStart, out var afterName, out _);
        return BinaryPrimitives.ReadUInt16BigEndian(message[afterName..]);
    }
}

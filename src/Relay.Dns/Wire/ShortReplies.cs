namespace Relay.Dns.Wire;

/// <summary>Replies built straight on the wire, without ARSoft: they must be made from bytes ARSoft would not accept.</summary>
internal static class ShortReplies
{
    private const byte ResponseFlag = 0x80;
    private const byte OpcodeAndRecursionDesired = 0x79;
    private const byte Truncated = 0x02;
    private const byte FormatError = 0x01;

    /// <summary>
    /// FORMERR with the query's id, opcode and RD, and nothing else: the question is never echoed, since it is the part
    /// found malformed (RFC 1035 4.1.1). Null when the query is too short to have an id.
    /// </summary>
    public static byte[]? FormatErrorFor(ReadOnlySpan<byte> query)
    {
        if (query.Length < DnsWire.HeaderLength)
        {
            return null;
        }

        var reply = new byte[DnsWire.HeaderLength];
        reply[0] = query[0];
        reply[1] = query[1];
        reply[2] = (byte)(ResponseFlag | (query[2] & OpcodeAndRecursionDesired));
        reply[3] = FormatError;
        return reply;
    }

    /// <summary>
    /// The response cut to its header and question with TC set and no records: what response rate limiting "slips"
    /// instead of dropping, so that a real resolver asks again over TCP (where the source cannot be spoofed).
    /// </summary>
    public static byte[] TruncatedFrom(ReadOnlySpan<byte> response)
    {
        if (response.Length < DnsWire.HeaderLength)
        {
            return response.ToArray();
        }

        var keep = DnsWire.TryReadQuestions(response, out var end) == NameCheck.Valid ? end : DnsWire.HeaderLength;
        var reply = response[..keep].ToArray();
        reply[2] |= Truncated;
        if (keep == DnsWire.HeaderLength)
        {
            reply.AsSpan(4, 2).Clear();
        }

        reply.AsSpan(6, 6).Clear();
        return reply;
    }
}

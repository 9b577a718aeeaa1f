using System.Buffers.Binary;
using Relay.Dns.Wire;

namespace Relay.Dns.Tsig;

/// <summary>
/// Appends a TSIG record to a finished message (RFC 8945 4.3, 5.3): signed with the request's MAC as prior MAC for a
/// response, or the previous message's with timers only for the later messages of a zone transfer; or, for BADKEY
/// and BADSIG, unsigned (an empty MAC, RFC 8945 5.3.2). The time signed comes from the given <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TsigSigner(TsigKey key, TimeSpan fudge, TimeProvider timeProvider)
{
    /// <summary>The message with its TSIG record, and the MAC (the prior MAC of the next message of a transfer).</summary>
    public (byte[] Message, byte[] Mac) Sign(
        ReadOnlySpan<byte> message, ReadOnlySpan<byte> priorMac, bool timersOnly = false, ushort error = TsigError.None)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();

        // BADTIME tells the client our clock (RFC 8945 5.2.3).
        var otherData = error == TsigError.BadTime ? Uint48(now) : [];
        var variables = new TsigRecord(key.Name, TsigKey.HmacSha256, now, Fudge, [], Id(message), error, otherData);
        var mac = TsigMac.Compute(key, priorMac, message, variables, timersOnly);
        var record = (variables with { Mac = mac }).Encode();
        return (DnsMessageWriter.WithCountIncremented(message, 10, record), mac);
    }

    /// <summary>The answer to a request with an unknown key or a bad MAC: a TSIG record with the error and no MAC.</summary>
    public static byte[] AppendUnsigned(ReadOnlySpan<byte> message, TsigRecord request, ushort error)
    {
        var record = new TsigRecord(request.KeyName, request.Algorithm, request.TimeSigned, request.Fudge, [], Id(message), error, []);
        return DnsMessageWriter.WithCountIncremented(message, 10, record.Encode());
    }

    private ushort Fudge => (ushort)Math.Min(ushort.MaxValue, fudge.TotalSeconds);

    private static ushort Id(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    private static byte[] Uint48(long value)
    {
        var writer = new DnsMessageWriter();
        writer.WriteUInt48(value);
        return writer.ToArray();
    }
}

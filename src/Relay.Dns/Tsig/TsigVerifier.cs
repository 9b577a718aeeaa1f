using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Relay.Dns.Tsig;

/// <summary>
/// Checks a message's TSIG record (RFC 8945 5.2 for requests, 5.3.1 for responses): key and algorithm, then MAC,
/// then time. The time window is the lesser of the request's fudge and ours, on the clock of the given
/// <see cref="TimeProvider"/>. Truncated MACs (RFC 8945 5.2.2.1) are not accepted: BIND sends whole ones.
/// </summary>
internal sealed class TsigVerifier(TsigKey key, TimeSpan fudge, TimeProvider timeProvider)
{
    private const int Sha256Length = 32;

    /// <summary>Verifies <paramref name="message"/>; <paramref name="priorMac"/> is empty for a request.</summary>
    public TsigVerification Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> priorMac)
    {
        if (!TsigRecord.TryRead(message, out var record, out var recordStart))
        {
            return new TsigVerification(TsigOutcome.Unsigned, null, message.ToArray());
        }

        var unsigned = message[..recordStart].ToArray();
        var additional = BinaryPrimitives.ReadUInt16BigEndian(unsigned.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(additional - 1));
        if (record is null)
        {
            return new TsigVerification(TsigOutcome.Malformed, null, unsigned);
        }

        if (record.KeyName != key.Name || record.Algorithm != TsigKey.HmacSha256)
        {
            return new TsigVerification(TsigOutcome.BadKey, record, unsigned);
        }

        // The MAC covers the message as first sent: with its original id (RFC 8945 4.3.1).
        var covered = unsigned.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(covered, record.OriginalId);
        var expected = TsigMac.Compute(key, priorMac, covered, record, timersOnly: false);
        if (record.Mac.Length != Sha256Length || !CryptographicOperations.FixedTimeEquals(expected, record.Mac))
        {
            return new TsigVerification(TsigOutcome.BadSig, record, unsigned);
        }

        var window = Math.Min(record.Fudge, (long)fudge.TotalSeconds);
        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return Math.Abs(now - record.TimeSigned) > window
            ? new TsigVerification(TsigOutcome.BadTime, record, unsigned)
            : new TsigVerification(TsigOutcome.Valid, record, unsigned);
    }
}

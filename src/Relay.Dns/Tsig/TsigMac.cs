using System.Security.Cryptography;
using Relay.Dns.Wire;

namespace Relay.Dns.Tsig;

/// <summary>
/// The HMAC-SHA256 over a message and its TSIG variables (RFC 8945 4.3): the prior MAC (the request's, for a response;
/// the previous message's, within a zone transfer) with its length, the message without its TSIG record and with the
/// original id, then either every variable or only the timers (for the second and later messages of a transfer).
/// </summary>
internal static class TsigMac
{
    public static byte[] Compute(TsigKey key, ReadOnlySpan<byte> priorMac, ReadOnlySpan<byte> message, TsigRecord variables, bool timersOnly)
    {
        var input = new DnsMessageWriter();
        if (!priorMac.IsEmpty)
        {
            input.WriteUInt16(priorMac.Length);
            input.WriteBytes(priorMac);
        }

        input.WriteBytes(message);
        if (!timersOnly)
        {
            input.WriteName(variables.KeyName);
            input.WriteUInt16(TsigRecord.ClassAny);
            input.WriteUInt32(0);
            input.WriteName(variables.Algorithm);
        }

        input.WriteUInt48(variables.TimeSigned);
        input.WriteUInt16(variables.Fudge);
        if (!timersOnly)
        {
            input.WriteUInt16(variables.Error);
            input.WriteUInt16(variables.OtherData.Length);
            input.WriteBytes(variables.OtherData);
        }

        return HMACSHA256.HashData(key.Secret, input.ToArray());
    }
}

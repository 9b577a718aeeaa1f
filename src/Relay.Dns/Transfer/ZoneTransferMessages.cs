using ARSoft.Tools.Net.Dns;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns.Transfer;

/// <summary>
/// Packs a zone snapshot into AXFR response messages of at most the configured size (RFC 5936 2.2), the request's
/// question in the first only, each one TSIG-signed: the first with the request's MAC as prior MAC and every variable,
/// the later ones with the previous message's MAC and the timers only (RFC 8945 5.3.1).
/// </summary>
internal sealed class ZoneTransferMessages(TsigSigner signer, int maxMessageSize)
{
    /// <summary>Room kept for the TSIG record: a long key name, the algorithm name, a 32-octet MAC and the fixed fields.</summary>
    private const int TsigRoom = 255 + 13 + 16 + 32 + 10;

    public IEnumerable<byte[]> Build(byte[] request, byte[] requestMac, IReadOnlyList<DnsRecordBase> records)
    {
        var encoded = records.Select(Encode).ToList();
        var priorMac = requestMac;
        var first = true;
        var next = 0;
        while (next < encoded.Count)
        {
            var room = maxMessageSize - TsigRoom;
            var writer = TransferReplies.Start(request, TransferReplies.NoError, authoritative: true, answers: 0, withQuestion: first)
                ?? throw new InvalidOperationException("The transfer request has no readable question.");
            var count = 0;
            while (next < encoded.Count && (count == 0 || writer.Length + encoded[next].Length <= room))
            {
                writer.WriteBytes(encoded[next]);
                next++;
                count++;
            }

            writer.PatchUInt16(6, count);
            var (message, mac) = signer.Sign(writer.ToArray(), priorMac, timersOnly: !first);
            priorMac = mac;
            first = false;
            yield return message;
        }
    }

    private static byte[] Encode(DnsRecordBase record)
    {
        var writer = new DnsMessageWriter();
        RecordEncoder.Write(writer, record);
        return writer.ToArray();
    }
}

using ARSoft.Tools.Net.Dns;
using Relay.Dns.Wire;

namespace Relay.Fuzz.Dns;

/// <summary>
/// The invariants of one UDP exchange with the key zone: at most one response; a header with QR set and the query's id
/// and opcode; no more than 512 octets unless the query carried EDNS(0), then no more than the payload size agreed
/// (the client's offer, at least 512, at most the server's maximum); a message that parses to its end; and no
/// question echoed when the query's question was malformed.
/// </summary>
internal static class DnsResponseChecker
{
    private const int Opcode = 0x78;

    public static string? Check(byte[] query, IReadOnlyList<byte[]> responses, int maxUdpPayloadSize)
    {
        if (responses.Count == 0)
        {
            return null;
        }

        if (responses.Count > 1)
        {
            return $"{responses.Count} responses to one UDP query";
        }

        var response = responses[0];
        if (response.Length < DnsWire.HeaderLength)
        {
            return $"a response of {response.Length} octets, shorter than a header";
        }

        if (query.Length < DnsWire.HeaderLength || DnsWire.Id(response) != DnsWire.Id(query))
        {
            return "the response's id is not the query's";
        }

        if ((response[2] & 0x80) == 0 || (response[2] & Opcode) != (query[2] & Opcode))
        {
            return $"header flags 0x{response[2]:X2} lack QR or change the opcode of 0x{query[2]:X2}";
        }

        // Only a response over 512 octets needs the query parsed to see whether EDNS(0) allowed it.
        if (response.Length > DkimZoneOptions.MinimumUdpPayloadSize)
        {
            var limit = SizeLimit(query, maxUdpPayloadSize);
            if (response.Length > limit)
            {
                return $"a UDP response of {response.Length} octets, over the {limit} allowed";
            }
        }

        if (DnsWire.TryReadQuestions(query, out _) != NameCheck.Valid && DnsWire.QuestionCount(response) != 0)
        {
            return "a malformed question was echoed";
        }

        if (DnsWire.TryReadQuestions(response, out _) is var check and not NameCheck.Valid)
        {
            return $"the response's question section is {check}";
        }

        try
        {
            DnsMessage.Parse(response);
        }
#pragma warning disable CA1031 // Whatever the parser throws, the response is not a well-formed message.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return $"the response does not parse: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";
        }

        return null;
    }

    private static int SizeLimit(byte[] query, int maxUdpPayloadSize)
    {
        try
        {
            var parsed = DnsMessage.Parse(query);
            return parsed.IsEDnsEnabled
                ? Math.Clamp((int)parsed.EDnsOptions!.UdpPayloadSize, DkimZoneOptions.MinimumUdpPayloadSize, maxUdpPayloadSize)
                : DkimZoneOptions.MinimumUdpPayloadSize;
        }
#pragma warning disable CA1031 // An unparseable query may only have the 12-octet FORMERR.
        catch (Exception)
#pragma warning restore CA1031
        {
            return DkimZoneOptions.MinimumUdpPayloadSize;
        }
    }
}

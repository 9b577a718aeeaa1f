using System.Buffers.Binary;
using System.Text;
using Relay.Fuzz.Dns;

namespace Relay.Fuzz.Tests;

/// <summary>The UDP response rules the DNS target checks, on planted responses.</summary>
public sealed class DnsResponseCheckerTests
{
    private const int MaxUdp = 1232;

    [Test]
    public void A_plain_answer_passes_and_silence_passes()
    {
        var query = Message(0x1234, "a.dkim.fuzz.example", isResponse: false);
        var response = Message(0x1234, "a.dkim.fuzz.example", isResponse: true);

        Assert.Multiple(() =>
        {
            Assert.That(DnsResponseChecker.Check(query, [response], MaxUdp), Is.Null);
            Assert.That(DnsResponseChecker.Check(query, [], MaxUdp), Is.Null);
        });
    }

    [Test]
    public void A_response_over_512_octets_to_a_query_without_EDNS_is_reported()
    {
        var query = Message(1, "a.dkim.fuzz.example", isResponse: false);
        var response = Message(1, "a.dkim.fuzz.example", isResponse: true, padding: 600);

        Assert.That(DnsResponseChecker.Check(query, [response], MaxUdp), Does.Contain("over the 512 allowed"));
    }

    [Test]
    public void An_echoed_name_over_255_octets_is_reported()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".dkim.fuzz.example";
        var query = Message(1, name, isResponse: false);
        var response = Message(1, name, isResponse: true);

        Assert.That(DnsResponseChecker.Check(query, [response], MaxUdp), Does.Contain("malformed question was echoed"));
    }

    [TestCase(2, true, "id is not the query's")]
    [TestCase(1, false, "lack QR")]
    public void A_bad_header_is_reported(int responseId, bool isResponse, string problem)
    {
        var query = Message(1, "a.dkim.fuzz.example", isResponse: false);
        var response = Message((ushort)responseId, "a.dkim.fuzz.example", isResponse);

        Assert.That(DnsResponseChecker.Check(query, [response], MaxUdp), Does.Contain(problem));
    }

    [Test]
    public void Two_responses_to_one_query_and_a_response_that_does_not_parse_are_reported()
    {
        var query = Message(1, "a.dkim.fuzz.example", isResponse: false);
        var response = Message(1, "a.dkim.fuzz.example", isResponse: true);
        var promisesAnAnswer = (byte[])response.Clone();
        promisesAnAnswer[7] = 1;

        Assert.Multiple(() =>
        {
            Assert.That(DnsResponseChecker.Check(query, [response, response], MaxUdp), Does.Contain("2 responses"));
            Assert.That(DnsResponseChecker.Check(query, [promisesAnAnswer], MaxUdp), Does.Contain("does not parse"));
        });
    }

    private static byte[] Message(ushort id, string name, bool isResponse, int padding = 0)
    {
        var message = new List<byte>(new byte[12]);
        BinaryPrimitives.WriteUInt16BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(message), id);
        message[2] = isResponse ? (byte)0x84 : (byte)0x00;
        message[5] = 1;
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, 0, 16, 0, 1]);
        message.AddRange(new byte[padding]);
        return [.. message];
    }
}

using Relay.Dns.Wire;

namespace Relay.Dns.Tests;

/// <summary>Names on the wire (RFC 1035 2.3.4, 4.1.4) as the intake checks them before ARSoft parses anything.</summary>
public sealed class DnsWireTests
{
    [Test]
    public void A_plain_question_is_valid_and_its_end_is_found()
    {
        var query = WireQuery.Build(1, "token.dkim.example", WireQuery.TypeTxt);

        var check = DnsWire.TryReadQuestions(query, out var end);

        Assert.Multiple(() =>
        {
            Assert.That(check, Is.EqualTo(NameCheck.Valid));
            Assert.That(end, Is.EqualTo(query.Length));
            Assert.That(DnsWire.NameText(query, DnsWire.HeaderLength), Is.EqualTo("token.dkim.example."));
        });
    }

    [Test]
    public void A_name_of_exactly_255_octets_is_valid_and_256_is_too_long()
    {
        // 3 labels of 63 + 1 label of 61: 4 × 64 - 2 + root = 255 octets.
        var longest = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 61));
        var tooLong = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 62));

        Assert.Multiple(() =>
        {
            Assert.That(DnsWire.TryReadQuestions(WireQuery.Build(1, longest, 16), out _), Is.EqualTo(NameCheck.Valid));
            Assert.That(DnsWire.TryReadQuestions(WireQuery.Build(1, tooLong, 16), out _), Is.EqualTo(NameCheck.NameTooLong));
        });
    }

    [Test]
    public void A_label_length_over_63_is_an_unknown_label_type()
    {
        var query = WireQuery.BuildRaw(1, [0x40, .. new byte[64], 0x00], type: 16);

        Assert.That(DnsWire.TryReadQuestions(query, out _), Is.EqualTo(NameCheck.UnknownLabelType));
    }

    [TestCase(new byte[] { 0xC0, 0x0C }, TestName = "A pointer to itself")]
    [TestCase(new byte[] { 0x01, 0x61, 0xC0, 0x0C }, TestName = "A pointer back to the start of its own name")]
    [TestCase(new byte[] { 0xC0, 0x02 }, TestName = "A pointer into the header")]
    [TestCase(new byte[] { 0xC0, 0x20 }, TestName = "A pointer forwards")]
    public void Compression_pointers_that_could_loop_are_refused(byte[] name)
    {
        var query = WireQuery.BuildRaw(1, name, type: 16);

        Assert.That(DnsWire.TryReadQuestions(query, out _), Is.EqualTo(NameCheck.BadPointer));
    }

    [Test]
    public void A_name_cut_short_is_truncated()
    {
        byte[] message = [.. WireQuery.BuildRaw(1, [0x05, 0x61, 0x62], type: 16).AsSpan(0, 15)];

        Assert.That(DnsWire.TryReadQuestions(message, out _), Is.EqualTo(NameCheck.Truncated));
    }

    [Test]
    public void A_formerr_reply_keeps_id_opcode_and_rd_and_echoes_no_question()
    {
        var query = WireQuery.Build(0xBEEF, "x.example", 16);
        query[2] = 0x01; // RD

        var reply = ShortReplies.FormatErrorFor(query)!;

        Assert.Multiple(() =>
        {
            Assert.That(reply, Has.Length.EqualTo(12));
            Assert.That(WireQuery.IdOf(reply), Is.EqualTo(0xBEEF));
            Assert.That(reply[2], Is.EqualTo(0x81), "QR and RD");
            Assert.That(WireQuery.ReturnCodeOf(reply), Is.EqualTo(1), "FORMERR");
            Assert.That(reply.AsSpan(4).ToArray(), Is.All.Zero, "no records counted");
        });
    }

    [Test]
    public void A_truncated_stand_in_keeps_the_question_and_drops_every_record()
    {
        var response = WireQuery.Build(7, "x.example", 16, isResponse: true);
        response[7] = 1; // ANCOUNT 1, with an answer record after the question
        byte[] withAnswer = [.. response, 0xC0, 0x0C, 0x00, 0x10, 0x00, 0x01, 0, 0, 0, 60, 0, 2, 1, 0x61];

        var slipped = ShortReplies.TruncatedFrom(withAnswer);

        Assert.Multiple(() =>
        {
            Assert.That(slipped, Is.EqualTo(response.Select((b, i) => i is 2 ? (byte)(b | 0x02) : i is 7 ? (byte)0 : b).ToArray()));
            Assert.That(WireQuery.IsTruncated(slipped), Is.True);
        });
    }
}

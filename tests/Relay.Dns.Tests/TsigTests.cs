using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Relay.Dns.Tsig;

namespace Relay.Dns.Tests;

/// <summary>
/// TSIG (RFC 8945, hmac-sha256): a query signed by BIND's dig 9.18 verifies (a known answer), any change to it or a
/// clock outside the fudge does not, and what Relay signs verifies with the request's MAC chained in.
/// </summary>
public sealed class TsigTests
{
    private const string KeyName = "relay-xfr.example";
    private const long DigTimeSigned = 1_796_346_181;

    /// <summary>
    /// <c>dig -y hmac-sha256:relay-xfr.example:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= +noedns +nocookie
    /// dkim.relay.example.net SOA</c>, as captured on the wire (dig 9.18.49, id 0x8128, time signed 1796346181, fudge 300).
    /// </summary>
    private static readonly byte[] DigQuery = Convert.FromHexString(
        "81280120000100000000000104646b696d0572656c6179076578616d706c65036e657400000600010972656c61792d786672076578616d706c65" +
        "0000fa00ff00000000003d0b686d61632d7368613235360000006b121145012c0020508363bec5afe82dead20e46e29d120c767b46700c5624c8" +
        "6b7e73afc3c9244d812800000000");

    private static readonly TsigKey Key = new(KeyName, "0123456789abcdef0123456789abcdef"u8.ToArray());

    [Test]
    public void A_query_signed_by_dig_verifies()
    {
        var verification = Verifier(DigTimeSigned).Verify(DigQuery, []);

        Assert.Multiple(() =>
        {
            Assert.That(verification.Outcome, Is.EqualTo(TsigOutcome.Valid));
            Assert.That(verification.Record!.KeyName, Is.EqualTo(KeyName));
            Assert.That(verification.Record.Fudge, Is.EqualTo(300));
            Assert.That(verification.Record.OriginalId, Is.EqualTo(0x8128));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(verification.Unsigned.AsSpan(10)), Is.Zero, "ARCOUNT without the TSIG record");
            Assert.That(verification.Unsigned, Is.EqualTo(DigQuery[..verification.Unsigned.Length].Select((octet, i) => i == 11 ? (byte)0 : octet)));
        });
    }

    [TestCase(299, nameof(TsigOutcome.Valid))]
    [TestCase(-300, nameof(TsigOutcome.Valid))]
    [TestCase(301, nameof(TsigOutcome.BadTime))]
    [TestCase(-301, nameof(TsigOutcome.BadTime))]
    public void The_time_signed_must_be_within_the_fudge(int clockOffsetSeconds, string expected) =>
        Assert.That(Verifier(DigTimeSigned + clockOffsetSeconds).Verify(DigQuery, []).Outcome, Is.EqualTo(Enum.Parse<TsigOutcome>(expected)));

    [Test]
    public void Our_fudge_bounds_the_window_even_when_the_request_allows_more() =>
        Assert.That(
            new TsigVerifier(Key, TimeSpan.FromSeconds(60), Clock(DigTimeSigned + 61)).Verify(DigQuery, []).Outcome,
            Is.EqualTo(TsigOutcome.BadTime));

    [Test]
    public void Any_changed_octet_of_the_message_or_of_the_MAC_is_a_bad_signature()
    {
        var macStart = DigQuery.Length - 6 - 32;
        foreach (var offset in new[] { 2, 3, 14, 20, 30, 37, 39, macStart, DigQuery.Length - 7 })
        {
            var tampered = DigQuery.ToArray();
            tampered[offset] ^= 0x01;
            Assert.That(Verifier(DigTimeSigned).Verify(tampered, []).Outcome, Is.EqualTo(TsigOutcome.BadSig), $"octet {offset}");
        }
    }

    [Test]
    public void A_changed_message_id_still_verifies_because_the_MAC_covers_the_original_id()
    {
        var forwarded = DigQuery.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(forwarded, 0x1234);

        Assert.That(Verifier(DigTimeSigned).Verify(forwarded, []).Outcome, Is.EqualTo(TsigOutcome.Valid));
    }

    [Test]
    public void Another_secret_is_a_bad_signature_and_another_key_name_a_bad_key()
    {
        var otherSecret = new TsigKey(KeyName, "fedcba9876543210fedcba9876543210"u8.ToArray());
        var otherName = new TsigKey("other-key", "0123456789abcdef0123456789abcdef"u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(new TsigVerifier(otherSecret, TimeSpan.FromSeconds(300), Clock(DigTimeSigned)).Verify(DigQuery, []).Outcome, Is.EqualTo(TsigOutcome.BadSig));
            Assert.That(new TsigVerifier(otherName, TimeSpan.FromSeconds(300), Clock(DigTimeSigned)).Verify(DigQuery, []).Outcome, Is.EqualTo(TsigOutcome.BadKey));
        });
    }

    [Test]
    public void A_message_without_TSIG_is_unsigned_and_a_cut_TSIG_record_is_malformed()
    {
        var unsigned = Verifier(DigTimeSigned).Verify(WireQuery.Build(1, "dkim.relay.example.net", 6), []);
        var cut = DigQuery[..^4].ToArray();
        var rdataLength = BinaryPrimitives.ReadUInt16BigEndian(cut.AsSpan(DigQuery.Length - 0x3D - 2));
        BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(DigQuery.Length - 0x3D - 2), (ushort)(rdataLength - 4));

        Assert.Multiple(() =>
        {
            Assert.That(unsigned.Outcome, Is.EqualTo(TsigOutcome.Unsigned));
            Assert.That(Verifier(DigTimeSigned).Verify(cut, []).Outcome, Is.EqualTo(TsigOutcome.Malformed));
        });
    }

    [Test]
    public void A_signed_response_verifies_with_the_request_MAC_and_not_without_it()
    {
        var request = Verifier(DigTimeSigned).Verify(DigQuery, []).Record!;
        var response = WireQuery.Build(0x8128, "dkim.relay.example.net", 6, isResponse: true);

        var (signed, mac) = new TsigSigner(Key, TimeSpan.FromSeconds(300), Clock(DigTimeSigned + 1)).Sign(response, request.Mac);

        Assert.Multiple(() =>
        {
            Assert.That(mac, Has.Length.EqualTo(32));
            Assert.That(Verifier(DigTimeSigned + 2).Verify(signed, request.Mac).Outcome, Is.EqualTo(TsigOutcome.Valid));
            Assert.That(Verifier(DigTimeSigned + 2).Verify(signed, []).Outcome, Is.EqualTo(TsigOutcome.BadSig));
            Assert.That(Verifier(DigTimeSigned + 2).Verify(signed, mac).Outcome, Is.EqualTo(TsigOutcome.BadSig));
        });
    }

    [Test]
    public void A_bad_time_answer_is_signed_and_carries_our_clock()
    {
        var request = Verifier(DigTimeSigned).Verify(DigQuery, []).Record!;
        var response = WireQuery.Build(0x8128, "dkim.relay.example.net", 6, isResponse: true);

        var (signed, _) = new TsigSigner(Key, TimeSpan.FromSeconds(300), Clock(DigTimeSigned + 1000)).Sign(response, request.Mac, error: TsigError.BadTime);

        TsigRecord.TryRead(signed, out var record, out _);
        Assert.Multiple(() =>
        {
            Assert.That(record!.Error, Is.EqualTo(TsigError.BadTime));
            Assert.That(record.OtherData, Is.EqualTo(new byte[] { 0, 0, 0x6B, 0x12, 0x15, 0x2D }), "1796347181 as 48 bits");
            Assert.That(Verifier(DigTimeSigned + 1000).Verify(signed, request.Mac).Outcome, Is.EqualTo(TsigOutcome.Valid));
        });
    }

    [Test]
    public void Secrets_shorter_than_16_octets_and_names_that_are_not_domain_names_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TsigKey(KeyName, new byte[15]), Throws.ArgumentException.With.Property("ParamName").EqualTo("secret"));
            Assert.That(() => new TsigKey("bad name", new byte[32]), Throws.ArgumentException.With.Property("ParamName").EqualTo("name"));
        });
    }

    private static TsigVerifier Verifier(long now) => new(Key, TimeSpan.FromSeconds(300), Clock(now));

    private static FakeTimeProvider Clock(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
}

using System.Net;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;

namespace Relay.Dns.Tests;

/// <summary>Who may transfer the key zone: a configured secondary, over TCP, with a valid TSIG; nobody else.</summary>
public sealed class ZoneTransferPolicyTests
{
    private static readonly IPAddress Secondary = IPAddress.Parse("192.0.2.53");
    private static readonly ZoneTransferPolicy Policy = new([new SecondaryServer(Secondary), new SecondaryServer(IPAddress.Parse("2001:db8::53"))], hasKey: true);

    [TestCase(nameof(TsigOutcome.Valid), nameof(TransferDecision.Allowed))]
    [TestCase(nameof(TsigOutcome.Unsigned), nameof(TransferDecision.RefusedUnsigned))]
    [TestCase(nameof(TsigOutcome.BadKey), nameof(TransferDecision.NotAuthenticated))]
    [TestCase(nameof(TsigOutcome.BadSig), nameof(TransferDecision.NotAuthenticated))]
    [TestCase(nameof(TsigOutcome.BadTime), nameof(TransferDecision.NotAuthenticated))]
    [TestCase(nameof(TsigOutcome.Malformed), nameof(TransferDecision.FormatError))]
    public void A_configured_secondary_over_TCP_is_judged_by_its_signature(string tsig, string expected) =>
        Assert.That(Policy.Decide(Secondary, overTcp: true, Enum.Parse<TsigOutcome>(tsig)), Is.EqualTo(Enum.Parse<TransferDecision>(expected)));

    [TestCase(nameof(TsigOutcome.Valid))]
    [TestCase(nameof(TsigOutcome.BadSig))]
    [TestCase(nameof(TsigOutcome.Unsigned))]
    public void Any_other_address_is_refused_whatever_it_signs(string tsig) =>
        Assert.That(Policy.Decide(IPAddress.Parse("192.0.2.54"), overTcp: true, Enum.Parse<TsigOutcome>(tsig)), Is.EqualTo(TransferDecision.RefusedNotSecondary));

    [Test]
    public void Over_UDP_even_a_secondary_with_a_valid_signature_is_refused() =>
        Assert.That(Policy.Decide(Secondary, overTcp: false, TsigOutcome.Valid), Is.EqualTo(TransferDecision.RefusedOverUdp));

    [Test]
    public void An_IPv4_mapped_IPv6_address_is_the_IPv4_secondary() =>
        Assert.That(Policy.Decide(Secondary.MapToIPv6(), overTcp: true, TsigOutcome.Valid), Is.EqualTo(TransferDecision.Allowed));

    [Test]
    public void An_IPv6_secondary_is_matched_by_its_address() =>
        Assert.That(Policy.Decide(IPAddress.Parse("2001:db8:0::53"), overTcp: true, TsigOutcome.Valid), Is.EqualTo(TransferDecision.Allowed));

    [Test]
    public void Without_a_key_or_without_secondaries_transfers_are_off()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ZoneTransferPolicy([new SecondaryServer(Secondary)], hasKey: false).Decide(Secondary, true, TsigOutcome.Valid),
                Is.EqualTo(TransferDecision.RefusedTransfersOff));
            Assert.That(new ZoneTransferPolicy([], hasKey: true).Decide(Secondary, true, TsigOutcome.Valid),
                Is.EqualTo(TransferDecision.RefusedTransfersOff));
        });
    }
}

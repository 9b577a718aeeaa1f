using Microsoft.Extensions.Time.Testing;
using Relay.Testing;

namespace Relay.Delivery.Tests;

public sealed class NextHopCapabilityProbeTests
{
    private static NextHopCapabilityProbe Probe(NextHopOptions options, FakeTimeProvider clock, CapturingLogger<NextHopCapabilityProbe>? logger = null) =>
        new(options, logger ?? new CapturingLogger<NextHopCapabilityProbe>(), clock);

    [TestCase(true)]
    [TestCase(false)]
    public async Task It_reports_whether_the_next_hop_offers_8bitmime_and_sends_no_transaction(bool offered)
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { EightBitMime = offered });

        var answer = await Probe(ForwarderKit.OptionsFor(sink), new FakeTimeProvider()).SupportsEightBitMimeAsync(CancellationToken.None);

        Assert.That(answer, Is.EqualTo(offered));
        Assert.That(sink.Sessions.Single().Verbs, Is.EqualTo(new[] { "EHLO", "QUIT" }));
        Assert.That(sink.Transactions, Is.Empty);
    }

    [Test]
    public async Task It_reads_the_capabilities_offered_after_starttls_as_the_forwarder_does()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { StartTls = true, EightBitMime = false });
        var options = ForwarderKit.OptionsFor(sink, NextHopTlsMode.StartTlsRequired);
        options.AcceptInvalidCertificates = true;

        var answer = await Probe(options, new FakeTimeProvider()).SupportsEightBitMimeAsync(CancellationToken.None);

        Assert.That(answer, Is.False);
        Assert.That(sink.Sessions.Single().Secure, Is.True);
    }

    [Test]
    public async Task The_answer_is_remembered_for_the_cache_duration_and_then_asked_again()
    {
        await using var sink = SmtpSink.Start(new SmtpSinkOptions { EightBitMime = false });
        var clock = new FakeTimeProvider();
        var probe = Probe(ForwarderKit.OptionsFor(sink), clock);

        await probe.SupportsEightBitMimeAsync(CancellationToken.None);
        clock.Advance(NextHopCapabilityProbe.CacheDuration - TimeSpan.FromSeconds(1));
        var cached = await probe.SupportsEightBitMimeAsync(CancellationToken.None);
        var sessionsWhileCached = sink.Sessions.Count;
        clock.Advance(TimeSpan.FromSeconds(1));
        var refreshed = await probe.SupportsEightBitMimeAsync(CancellationToken.None);

        Assert.That((cached, refreshed), Is.EqualTo((false, false)));
        Assert.That(sessionsWhileCached, Is.EqualTo(1));
        Assert.That(sink.Sessions, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task An_unreachable_next_hop_is_assumed_to_take_8bitmime_and_is_asked_again_next_time()
    {
        var logger = new CapturingLogger<NextHopCapabilityProbe>();
        var options = new NextHopOptions { Host = SmtpSink.Host, Port = SmtpSink.UnusedPort(), TlsMode = NextHopTlsMode.None };
        var probe = Probe(options, new FakeTimeProvider(), logger);

        var first = await probe.SupportsEightBitMimeAsync(CancellationToken.None);
        var second = await probe.SupportsEightBitMimeAsync(CancellationToken.None);

        Assert.That((first, second), Is.EqualTo((true, true)));
        Assert.That(logger.Entries.Count(e => e.EventId == 4011), Is.EqualTo(2), "each call probes again");
    }

    [Test]
    public async Task When_the_next_hop_cannot_be_asked_the_last_answer_is_used_even_if_old()
    {
        var clock = new FakeTimeProvider();
        var sink = SmtpSink.Start(new SmtpSinkOptions { EightBitMime = false });
        var probe = Probe(ForwarderKit.OptionsFor(sink), clock);
        var before = await probe.SupportsEightBitMimeAsync(CancellationToken.None);
        await sink.DisposeAsync();
        clock.Advance(NextHopCapabilityProbe.CacheDuration * 2);

        var after = await probe.SupportsEightBitMimeAsync(CancellationToken.None);

        Assert.That((before, after), Is.EqualTo((false, false)));
    }
}

using Relay.Testing;

namespace Relay.Delivery.Tests;

/// <summary>The corpus again, received by a real third-party server (aiosmtpd) instead of our own sink.</summary>
public sealed class IndependentPeerTests
{
    private AiosmtpdPeer? _peer;

    [OneTimeSetUp]
    public async Task StartPeer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _peer = await AiosmtpdPeer.StartAsync(timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopPeer()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }
    }

    [TestCaseSource(typeof(MessageCorpus), nameof(MessageCorpus.Cases))]
    public async Task Aiosmtpd_receives_exactly_the_signed_bytes_and_envelope(
        byte[] content, bool eightBitMime, bool smtpUtf8, byte[] expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var options = new NextHopOptions { Host = "127.0.0.1", Port = _peer!.Port, TlsMode = NextHopTlsMode.None, LocalDomain = "relay.test" };
        var message = ForwarderKit.Message(content, eightBitMime: eightBitMime, smtpUtf8: smtpUtf8) with
        {
            ReversePath = string.Empty,
            Recipients = ["first@example.net", "second@example.org"],
        };

        var result = await ForwarderKit.Forwarder(options).ForwardAsync(message, timeout.Token);

        Assert.That(result, Is.EqualTo(new ForwardResult(ForwardOutcome.Delivered, 250, "2.0.0", "Ok: queued by aiosmtpd", null)));
        var received = await _peer.ReceiveAsync(timeout.Token);
        Assert.That(received.Content, Is.EqualTo(expected));
        Assert.That(received.MailFrom, Is.EqualTo("<>"), "aiosmtpd reports the null reverse-path as <>");
        Assert.That(received.RcptTos, Is.EqualTo(new[] { "first@example.net", "second@example.org" }));
        Assert.That(received.MailOptions.Contains("BODY=8BITMIME"), Is.EqualTo(eightBitMime));
        Assert.That(received.MailOptions.Contains("SMTPUTF8"), Is.EqualTo(smtpUtf8));
    }
}

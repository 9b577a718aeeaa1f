using System.Net;
using Relay.Testing;

namespace Relay.Delivery.Tests;

public sealed class NextHopConnectionTests
{
    private const string Plain = MessageCorpus.Signature + "Subject: by name\r\n\r\nbody\r\n";

    [Test]
    public void Sockets_to_the_next_hop_send_small_writes_at_once()
    {
        using var ipv4 = NextHopConnection.CreateSocket(IPAddress.Loopback);
        using var ipv6 = NextHopConnection.CreateSocket(IPAddress.IPv6Loopback);

        Assert.That((ipv4.NoDelay, ipv6.NoDelay), Is.EqualTo((true, true)));
    }

    [Test]
    public async Task A_next_hop_named_by_host_name_is_reached_through_whichever_of_its_addresses_listens()
    {
        Assert.That(await Dns.GetHostAddressesAsync("localhost"), Does.Contain(IPAddress.Loopback), "the sink listens on 127.0.0.1");

        await using var sink = SmtpSink.Start(new SmtpSinkOptions());
        var options = ForwarderKit.OptionsFor(sink);
        options.Host = "localhost";

        var result = await ForwarderKit.ForwardAsync(sink, ForwarderKit.Message(Plain), options);

        Assert.That(result.Outcome, Is.EqualTo(ForwardOutcome.Delivered));
        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
    }
}

using System.Net;
using Relay.Delivery.Queue;
using Relay.Delivery.Routing;
using Relay.Testing;

namespace Relay.Delivery.Tests.Queue;

/// <summary>MX routing: preference order, null MX and DNS failures, and the next host when one is down.</summary>
public sealed class RoutingTests
{
    private static readonly NextHopOptions Template = new() { Host = "unused", Port = 2525, TlsMode = NextHopTlsMode.StartTlsWhenAvailable };

    [Test]
    public async Task Hosts_are_tried_by_preference_every_address_of_a_host_before_the_next()
    {
        var resolver = new FakeMxResolver(new()
        {
            ["dest.test"] = MxResolution.Found(
            [
                new MxHost("mx1.dest.test", 10, [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")]),
                new MxHost("mx2.dest.test", 20, [IPAddress.Parse("192.0.2.2")]),
            ]),
        });
        var router = new MxRouter(resolver, Template);

        var route = await router.RouteAsync(router.DestinationOf("Someone@Dest.TEST"), CancellationToken.None);

        Assert.That(route.Targets.Select(t => t.Name), Is.EqualTo(new[]
        {
            "mx1.dest.test[192.0.2.1]:2525", "mx1.dest.test[2001:db8::1]:2525", "mx2.dest.test[192.0.2.2]:2525",
        }));
        Assert.That(resolver.Asked, Is.EqualTo(new[] { "dest.test" }));
        Assert.That(route.Targets.All(t => t.Options.AcceptInvalidCertificates), Is.True, "opportunistic TLS takes any certificate");
    }

    [Test]
    public async Task Required_tls_checks_certificates()
    {
        var resolver = new FakeMxResolver(new() { ["dest.test"] = MxResolution.Found([new MxHost("mx.dest.test", 0, [IPAddress.Loopback])]) });
        var router = new MxRouter(resolver, new NextHopOptions { Host = "x", Port = 25, TlsMode = NextHopTlsMode.StartTlsRequired });

        var route = await router.RouteAsync("dest.test", CancellationToken.None);

        Assert.That(route.Targets.Single().Options.AcceptInvalidCertificates, Is.False);
        Assert.That(route.Targets.Single().Options.TlsMode, Is.EqualTo(NextHopTlsMode.StartTlsRequired));
    }

    [Test]
    public async Task A_resolver_failure_becomes_the_result_of_every_recipient()
    {
        var nullMx = RecipientResult.Permanent(556, "5.1.10", "null MX");
        var router = new MxRouter(new FakeMxResolver(new() { ["dest.test"] = MxResolution.Failed(nullMx) }), Template);
        await using var transport = new SmtpDeliveryTransport(new QueueOptions(), TimeProvider.System, new CapturingLogger<SmtpDeliveryTransport>());

        var route = await router.RouteAsync("dest.test", CancellationToken.None);
        var report = await transport.DeliverAsync(route, Request("a@dest.test", "b@dest.test"), CancellationToken.None);

        Assert.That(report.Results.Values, Has.All.EqualTo(nullMx));
        Assert.That(report.Results.Keys, Is.EquivalentTo(new[] { "a@dest.test", "b@dest.test" }));
    }

    [Test]
    public async Task When_the_first_host_is_down_the_next_one_gets_the_message()
    {
        await using var sink = SmtpSink.Start();
        var downOptions = ForwarderKit.OptionsFor(sink);
        downOptions.Port = SmtpSink.UnusedPort();
        var down = new DeliveryTarget(downOptions, IPAddress.Loopback);
        var up = new DeliveryTarget(ForwarderKit.OptionsFor(sink), IPAddress.Loopback);
        await using var transport = new SmtpDeliveryTransport(new QueueOptions(), TimeProvider.System, new CapturingLogger<SmtpDeliveryTransport>());

        var report = await transport.DeliverAsync(Route.To("dest.test", [down, up]), Request("a@dest.test"), CancellationToken.None);

        Assert.That(report.Results["a@dest.test"].Outcome, Is.EqualTo(ForwardOutcome.Delivered));
        Assert.That(report.Destination, Is.EqualTo(up.Name));
        Assert.That(sink.Delivered, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task When_every_host_is_down_the_recipients_are_deferred()
    {
        var options = new NextHopOptions { Host = "127.0.0.1", Port = SmtpSink.UnusedPort(), TlsMode = NextHopTlsMode.None };
        await using var transport = new SmtpDeliveryTransport(new QueueOptions(), TimeProvider.System, new CapturingLogger<SmtpDeliveryTransport>());

        var report = await transport.DeliverAsync(
            Route.To("dest.test", [new DeliveryTarget(options, IPAddress.Loopback)]), Request("a@dest.test"), CancellationToken.None);

        Assert.That(report.Results["a@dest.test"].Outcome, Is.EqualTo(ForwardOutcome.TemporaryFailure));
        Assert.That(report.Results["a@dest.test"].EnhancedStatusCode, Is.EqualTo("4.4.1"));
        Assert.That(report.RemoteHost, Is.Null);
    }

    private static DeliveryRequest Request(params string[] recipients) =>
        new("news@example.com", recipients, false, false, new MemoryStream(SchedulerKit.Content("routing")));
}

using System.Net;
using Microsoft.Extensions.Time.Testing;
using Relay.Smtp.Tests.Support;

namespace Relay.Smtp.Tests.Transcripts;

/// <summary>
/// Issue 14 item 3, scaled down: slow or silent connections from one client (or a few) cannot hold every slot.
/// Clients connect from distinct loopback addresses (127.0.0.0/8) to act as distinct hosts.
/// </summary>
public sealed class AdmissionTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Legitimate = IPAddress.Parse("127.0.0.9");

    [Test]
    public async Task One_address_holding_slow_connections_cannot_lock_out_another_client()
    {
        await using var server = await SmtpTestServer.StartAsync(o =>
        {
            o.MaxConnections = 10;
            o.MaxConnectionsPerAddress = 3;
            o.ReservedAuthenticatedConnections = 0;
        });
        var held = new List<SmtpTestClient>();
        try
        {
            var admitted = 0;
            for (var i = 0; i < 12; i++)
            {
                var client = await SmtpTestClient.ConnectAsync(server.EndPoint, Attacker);
                held.Add(client);
                var reply = await client.ReadReplyAsync();
                if (reply.Code == 220)
                {
                    admitted++;
                    await client.SendAsync("N");
                }
                else
                {
                    Transcript.AssertReply(reply, 421, "4.7.0");
                    Assert.That(reply.Text, Does.Contain("your address"));
                }
            }

            Assert.That(admitted, Is.EqualTo(3));
            await using var legitimate = await server.ConnectAndGreetAsync(Legitimate);
            await legitimate.ExpectAsync("NOOP", 250, "2.0.0");
            Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1071));
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task New_connections_from_one_address_over_the_rate_get_421_until_the_window_passes()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.MaxConnectionRatePerAddress = 3;
                o.ConnectionRateWindow = TimeSpan.FromMinutes(1);
            },
            timeProvider: clock);

        for (var i = 0; i < 3; i++)
        {
            await using var client = await server.ConnectAsync(Attacker);
            await client.ExpectAsync("QUIT", 221, "2.0.0");
        }

        await using (var over = await SmtpTestClient.ConnectAsync(server.EndPoint, Attacker))
        {
            Transcript.AssertReply(await over.ReadReplyAsync(), 421, "4.7.0");
            Assert.That(await over.IsClosedByServerAsync(), Is.True);
        }

        await using (var other = await server.ConnectAsync(Legitimate))
        {
            await other.ExpectAsync("QUIT", 221, "2.0.0");
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await using var later = await server.ConnectAsync(Attacker);
        await later.ExpectAsync("NOOP", 250, "2.0.0");
        Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1072));
    }

    [Test]
    public async Task Reserved_slots_go_to_clients_that_authenticate_and_not_to_ones_that_do_not()
    {
        var clock = new FakeTimeProvider();
        await using var server = await SmtpTestServer.StartAsync(
            o =>
            {
                o.MaxConnections = 4;
                o.ReservedAuthenticatedConnections = 1;
                o.HandshakeTimeout = TimeSpan.FromSeconds(20);
            },
            timeProvider: clock);
        IPAddress[] attackers = [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3"), IPAddress.Parse("127.0.0.4"), IPAddress.Parse("127.0.0.5")];
        var held = new List<SmtpTestClient>();
        try
        {
            foreach (var address in attackers)
            {
                held.Add(await server.ConnectAndGreetAsync(address));
            }

            await using (var refused = await SmtpTestClient.ConnectAsync(server.EndPoint, Legitimate))
            {
                Transcript.AssertReply(await refused.ReadReplyAsync(), 421, "4.7.0");
            }

            // The fourth attacker sits in the reserved slot without authenticating: it is closed at the handshake timeout.
            clock.Advance(TimeSpan.FromSeconds(20));
            var evicted = await held[3].ReadReplyAsync();
            Transcript.AssertReply(evicted, 421, "4.7.0");
            Assert.That(await held[3].IsClosedByServerAsync(), Is.True);

            await using var legitimate = await server.ConnectAuthenticatedAsync(Legitimate);
            clock.Advance(TimeSpan.FromSeconds(30));
            await legitimate.ExpectAsync("NOOP", 250, "2.0.0");
            await held[0].ExpectAsync("NOOP", 250, "2.0.0");
            Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1073));
        }
        finally
        {
            foreach (var client in held)
            {
                await client.DisposeAsync();
            }
        }
    }
}

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
            await DisposeAllAsync(held);
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
    public async Task A_session_in_a_reserved_slot_that_does_not_authenticate_is_closed_at_the_handshake_timeout()
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
        var held = new List<SmtpTestClient>();
        try
        {
            foreach (var address in Attackers(4))
            {
                held.Add(await server.ConnectAndGreetAsync(address));
            }

            clock.Advance(TimeSpan.FromSeconds(20));

            Transcript.AssertReply(await held[3].ReadReplyAsync(), 421, "4.7.0");
            Assert.That(await held[3].IsClosedByServerAsync(), Is.True);
            await held[0].ExpectAsync("NOOP", 250, "2.0.0");
            Assert.That(server.Logs.Events.Select(e => e.Id), Does.Contain(1073));
        }
        finally
        {
            await DisposeAllAsync(held);
        }
    }

    [Test]
    public async Task When_every_slot_is_held_a_newcomer_takes_the_reserved_slot_of_an_unauthenticated_session_and_keeps_it_by_authenticating()
    {
        await using var server = await SmtpTestServer.StartAsync(o =>
        {
            o.MaxConnections = 4;
            o.ReservedAuthenticatedConnections = 1;
        });
        var held = new List<SmtpTestClient>();
        try
        {
            foreach (var address in Attackers(4))
            {
                held.Add(await server.ConnectAndGreetAsync(address));
            }

            await using var legitimate = await server.ConnectAuthenticatedAsync(Legitimate);

            Transcript.AssertReply(await held[3].ReadReplyAsync(), 421, "4.7.0");
            Assert.That(await held[3].IsClosedByServerAsync(), Is.True);
            await using (var another = await SmtpTestClient.ConnectAsync(server.EndPoint, IPAddress.Parse("127.0.0.8")))
            {
                Transcript.AssertReply(await another.ReadReplyAsync(), 421, "4.7.0");
            }

            await legitimate.ExpectAsync("NOOP", 250, "2.0.0");
            await held[0].ExpectAsync("NOOP", 250, "2.0.0");
        }
        finally
        {
            await DisposeAllAsync(held);
        }
    }

    private static IEnumerable<IPAddress> Attackers(int count) =>
        Enumerable.Range(2, count).Select(last => IPAddress.Parse($"127.0.0.{last}"));

    private static async Task DisposeAllAsync(List<SmtpTestClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}

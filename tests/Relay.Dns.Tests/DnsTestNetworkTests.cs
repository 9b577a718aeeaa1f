using System.Globalization;
using Relay.Testing.Dns;

namespace Relay.Dns.Tests;

/// <summary>
/// The DNS test harness itself (tests/Relay.Testing/Dns), checked with <c>dig</c> as an independent client: named
/// serves the zones given and reloads changes, unbound reaches named and Relay's own key zone server through stubs.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class DnsTestNetworkTests
{
    private const string Token = "harnesstokenaaaabbbbccccddddeeee";

    [Test]
    public async Task Named_serves_the_records_given_authoritatively()
    {
        await using var dns = await DnsTestNetwork.StartAsync(
            [new TestZone("example.com", "www A 192.0.2.1\nmail MX 10 mx.example.com.")], [], CancellationToken.None);

        var answer = await Dig.QueryAsync(Port(dns.AuthoritativeEndPoint), "www.example.com", "A");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Flags, Does.Contain("aa"));
            Assert.That(answer.Answer.Select(line => line[5]), Is.EqualTo(new[] { "192.0.2.1" }));
        });
    }

    [Test]
    public async Task A_changed_zone_is_served_by_named_and_through_unbound_at_once()
    {
        await using var dns = await DnsTestNetwork.StartAsync(
            [new TestZone("example.org", "www A 192.0.2.1")], [], CancellationToken.None);
        var before = await Dig.QueryAsync(Port(dns.ResolverEndPoint), "www.example.org", "A", "+recurse");

        await dns.SetZoneAsync(new TestZone("example.org", "www A 192.0.2.2"), CancellationToken.None);
        var direct = await Dig.QueryAsync(Port(dns.AuthoritativeEndPoint), "www.example.org", "A");
        var resolved = await Dig.QueryAsync(Port(dns.ResolverEndPoint), "www.example.org", "A", "+recurse");

        await dns.SetZoneAsync(new TestZone("example.org", string.Empty), CancellationToken.None);
        var removed = await Dig.QueryAsync(Port(dns.ResolverEndPoint), "www.example.org", "A", "+recurse");

        Assert.Multiple(() =>
        {
            Assert.That(before.Answer.Select(line => line[5]), Is.EqualTo(new[] { "192.0.2.1" }));
            Assert.That(direct.Answer.Select(line => line[5]), Is.EqualTo(new[] { "192.0.2.2" }));
            Assert.That(resolved.Answer.Select(line => line[5]), Is.EqualTo(new[] { "192.0.2.2" }));
            Assert.That(removed.Status, Is.EqualTo("NXDOMAIN"));
        });
    }

    [Test]
    public async Task Unbound_resolves_through_its_stub_to_named_without_being_authoritative()
    {
        await using var dns = await DnsTestNetwork.StartAsync(
            [new TestZone("example.com", "www A 192.0.2.7")], [], CancellationToken.None);

        var answer = await Dig.QueryAsync(Port(dns.ResolverEndPoint), "www.example.com", "A", "+recurse");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Flags, Does.Contain("ra"));
            Assert.That(answer.Flags, Does.Not.Contain("aa"));
            Assert.That(answer.Answer.Select(line => line[5]), Is.EqualTo(new[] { "192.0.2.7" }));
        });
    }

    [Test]
    public async Task A_customer_CNAME_resolves_through_unbound_to_the_key_on_Relays_own_zone_server()
    {
        await using var keyZone = await KeyZoneFixture.StartAsync();
        keyZone.Records.Set(Token, TestKeys.Txt2048);
        await using var dns = await DnsTestNetwork.StartAsync(
            [new TestZone("example.com", $"{Token}._domainkey CNAME {Token}.{KeyZoneFixture.Zone}.")],
            [new StubZone(KeyZoneFixture.Zone, keyZone.EndPoint)],
            CancellationToken.None);

        var answer = await Dig.QueryAsync(Port(dns.ResolverEndPoint), $"{Token}._domainkey.example.com", "TXT", "+recurse");

        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo("NOERROR"));
            Assert.That(answer.Answer.Select(line => line[4]), Is.EqualTo(new[] { "CNAME", "TXT" }));
            Assert.That(string.Concat(DigAnswer.TxtStrings(answer.Answer[1][0])), Is.EqualTo(TestKeys.Txt2048));
        });
    }

    [Test]
    public async Task A_key_withdrawn_from_Relays_zone_server_is_gone_after_a_flush()
    {
        await using var keyZone = await KeyZoneFixture.StartAsync();
        keyZone.Records.Set(Token, TestKeys.Txt2048);
        await using var dns = await DnsTestNetwork.StartAsync(
            [new TestZone("example.net", "www A 192.0.2.1")],
            [new StubZone(KeyZoneFixture.Zone, keyZone.EndPoint)],
            CancellationToken.None);
        var before = await Dig.QueryAsync(Port(dns.ResolverEndPoint), $"{Token}.{KeyZoneFixture.Zone}", "TXT", "+recurse");

        keyZone.Records.Remove(Token);
        await dns.FlushAsync(KeyZoneFixture.Zone, CancellationToken.None);
        var after = await Dig.QueryAsync(Port(dns.ResolverEndPoint), $"{Token}.{KeyZoneFixture.Zone}", "TXT", "+recurse");

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo("NOERROR"));
            Assert.That(after.Status, Is.EqualTo("NXDOMAIN"));
        });
    }

    [Test]
    public void A_zone_that_does_not_load_fails_with_named_checkzones_message()
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var server = await BindServer.StartAsync(
                [new TestZone("example.com", "www A not-an-address")], CancellationToken.None);
        });

        Assert.That(failure!.Message, Does.Contain("example.com").And.Contain("not-an-address"));
    }

    private static string Port(System.Net.IPEndPoint endPoint) => endPoint.Port.ToString(CultureInfo.InvariantCulture);
}

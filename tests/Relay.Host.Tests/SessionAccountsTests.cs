using System.Net;
using Relay.FrontDoor;
using Relay.Smtp;

namespace Relay.Host.Tests;

public sealed class SessionAccountsTests
{
    private static SmtpSessionContext Session(string remote, string? principal = null) =>
        new("s1", new IPEndPoint(IPAddress.Parse(remote), 40000), new IPEndPoint(IPAddress.Loopback, 2587), authenticatedPrincipal: principal);

    [Test]
    public void An_authenticated_session_sends_as_its_account()
    {
        var accounts = new SessionAccounts([], trustedNetworkAccountId: null);

        Assert.That(accounts.AccountFor(Session("203.0.113.9", "shop")), Is.EqualTo("shop"));
    }

    [Test]
    public void Without_trusted_networks_an_unauthenticated_session_has_no_account()
    {
        var accounts = new SessionAccounts([], trustedNetworkAccountId: null);

        Assert.That(accounts.AccountFor(Session("127.0.0.1")), Is.Null);
    }

    [TestCase("10.1.2.3", "apps")]
    [TestCase("::ffff:10.1.2.3", "apps")]
    [TestCase("10.2.0.1", null)]
    [TestCase("192.0.2.1", null)]
    public void Only_listed_networks_are_trusted(string remote, string? expected)
    {
        var accounts = new SessionAccounts([IPNetwork.Parse("10.1.0.0/16")], "apps");

        Assert.That(accounts.AccountFor(Session(remote)), Is.EqualTo(expected));
    }
}

using System.Diagnostics;
using System.Globalization;
using Relay.Testing;
using Relay.Testing.Dns;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL: a domain made through node A's API (VerifyDomainDkim, its CNAMEs published in real
/// DNS) is signed with its own key by node B, and a change made through A (SetIdentityDkimEnabled) is what B does
/// from the first message submitted after the call returned. The delays are measured and written to the test's
/// progress output; only the order of events is asserted.
/// </summary>
[NonParallelizable]
public sealed class ChangeAcrossNodesTests
{
    private const string CustomerDomain = "customer.test";
    private const string From = "news@customer.test";
    private static readonly string KeyZone = "dkim." + RelayUnderTest.ProviderDomain;
    private static readonly TimeSpan VerificationLimit = TimeSpan.FromSeconds(60);

    [Test]
    [CancelAfter(180_000)]
    public async Task A_domain_made_and_changed_through_node_a_is_signed_accordingly_by_node_b(CancellationToken cancellationToken)
    {
        await using var cluster = await TwoNodeCluster.CreateAsync(new Dictionary<string, string>
        {
            ["Relay:KeyZone:Ttl"] = "00:00:01",
            ["Relay:DnsChecks:PollInterval"] = "00:00:01",
            ["Relay:DnsChecks:Timeout"] = "00:00:03",
            ["Relay:DnsChecks:Retries"] = "0",
            ["Relay:Identities:FirstRetryDelay"] = "00:00:01",
        });
        // The resolver reaches the key zone at node B's responder; A's serves the same records from the same store.
        await using var dns = await KeyZoneBehindResolver.StartAsync(CustomerDomain, KeyZone, cluster.B.KeyZonePort);
        foreach (var node in cluster.Nodes)
        {
            node.Set("Relay:DnsChecks:Resolver", $"127.0.0.1:{dns.ResolverEndPoint.Port.ToString(CultureInfo.InvariantCulture)}");
        }

        await cluster.StartBothAsync();
        var api = new ClusterApiClient(await cluster.AddAccessKeyAsync());
        var probe = new SingleNodeProbe(cluster.B, cluster.Sink, From);

        var tokens = await api.VerifyDomainDkimAsync(cluster.A, CustomerDomain, cancellationToken);
        await dns.SetZoneAsync(
            new TestZone(CustomerDomain, string.Join('\n', tokens.Select(token => $"{token}._domainkey CNAME {token}.{KeyZone}."))), cancellationToken);
        var published = Stopwatch.StartNew();
        var (first, refused) = await FirstSignedByDomainAsync(probe, cluster, cancellationToken);
        await TestContext.Progress.WriteLineAsync(
            $"cluster: domain made through node A, CNAMEs published; node B refused {refused} message(s) (not verified yet), " +
            $"then signed with the domain's key {published.ElapsedMilliseconds} ms after publication (the verifier's sweeps; PollInterval 1 s)");

        Assert.That(first.Node, Is.EqualTo("relay-b.test"), "the probe submits to node B");
        var verdicts = await DkimVerifiers.VerifyWithPythonThroughResolverAsync(first.Data, dns.ResolverEndPoint);
        Assert.That(verdicts.Select(v => v.Domain), Is.EqualTo(new[] { CustomerDomain, RelayUnderTest.ProviderDomain }), DkimVerdict.Describe(verdicts));
        Assert.That(tokens, Does.Contain(verdicts[0].Selector), "signed with a key behind one of the tokens node A gave");
        Assert.That(verdicts.All(v => v.Passed), Is.True, "python3-dkim, keys from the key zone through the resolver: " + DkimVerdict.Describe(verdicts));

        foreach (var enabled in new[] { false, true })
        {
            await api.SetIdentityDkimEnabledAsync(cluster.A, CustomerDomain, enabled, cancellationToken);
            var sinceCall = Stopwatch.StartNew();
            var next = await probe.SendAsync(cancellationToken);
            var accepted = sinceCall.ElapsedMilliseconds;
            var later = new[] { await probe.SendAsync(cancellationToken), await probe.SendAsync(cancellationToken) };
            await TestContext.Progress.WriteLineAsync(
                $"cluster: SetIdentityDkimEnabled {(enabled ? "true" : "false")} through node A; node B's next message, submitted at once " +
                $"(its 250 came {accepted} ms after the call returned), signed by {string.Join(", ", next?.SigningDomains ?? [])}");

            var expected = enabled ? new[] { CustomerDomain, RelayUnderTest.ProviderDomain } : new[] { RelayUnderTest.ProviderDomain };
            Assert.That(next?.SigningDomains, Is.EqualTo(expected), $"the first message node B took after SetIdentityDkimEnabled {enabled} through node A");
            Assert.That(later.Select(copy => copy?.SigningDomains), Is.All.EqualTo(expected), "and the ones after it");
        }
    }

    /// <summary>Sends through node B until a message comes out signed by the customer's domain.</summary>
    private static async Task<(ArrivedCopy First, int Refused)> FirstSignedByDomainAsync(
        SingleNodeProbe probe, TwoNodeCluster cluster, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var refused = 0;
        while (true)
        {
            var copy = await probe.SendAsync(cancellationToken);
            if (copy is null)
            {
                refused++;
            }
            else if (copy.SigningDomains.Contains(CustomerDomain))
            {
                return (copy, refused);
            }

            if (waited.Elapsed > VerificationLimit)
            {
                Assert.Fail($"node B did not sign for {CustomerDomain} within {VerificationLimit}\n{cluster.Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}

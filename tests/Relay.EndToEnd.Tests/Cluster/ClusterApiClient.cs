using System.Net;
using System.Xml.Linq;
using Relay.Core.Accounts;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>The SES v1 Query calls the cluster tests make, signed with an access key, against one node's API.</summary>
internal sealed class ClusterApiClient(AccessKey key)
{
    private static readonly XNamespace Ses = "http://ses.amazonaws.com/doc/2010-12-01/";

    /// <summary>VerifyDomainDkim: the domain's three tokens.</summary>
    public async Task<IReadOnlyList<string>> VerifyDomainDkimAsync(ClusterNode node, string domain, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(node, $"Action=VerifyDomainDkim&Version=2010-12-01&Domain={Uri.EscapeDataString(domain)}", cancellationToken);
        return reply.Descendants(Ses + "DkimTokens").Single().Elements(Ses + "member").Select(member => member.Value).ToArray();
    }

    /// <summary>SetIdentityDkimEnabled: whether the domain's own signature is added.</summary>
    public Task SetIdentityDkimEnabledAsync(ClusterNode node, string domain, bool enabled, CancellationToken cancellationToken) =>
        CallAsync(node, $"Action=SetIdentityDkimEnabled&Version=2010-12-01&Identity={Uri.EscapeDataString(domain)}&DkimEnabled={(enabled ? "true" : "false")}", cancellationToken);

    private async Task<XDocument> CallAsync(ClusterNode node, string body, CancellationToken cancellationToken)
    {
        using var request = SigV4TestSigner.SignedQuery(node.Api, body, key.Id, key.Secret, TwoNodeCluster.Region, DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{body} on node {node.Name}: {text}");
        return XDocument.Parse(text);
    }
}

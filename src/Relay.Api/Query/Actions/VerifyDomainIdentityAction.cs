using System.Xml.Linq;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>VerifyDomainIdentity: the TXT token to publish for the domain, the same on every call.</summary>
internal sealed class VerifyDomainIdentityAction(IIdentityManagement identities) : IQueryAction
{
    public string Name => "VerifyDomainIdentity";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var token = await identities.VerifyDomainIdentityAsync(call.AccountId, call.Parameters.Required("Domain"), cancellationToken);
        return [SesXml.Element("VerificationToken", token)];
    }
}

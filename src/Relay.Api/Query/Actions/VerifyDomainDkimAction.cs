using System.Xml.Linq;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>VerifyDomainDkim: the domain's three Easy DKIM tokens (made on the first call, stable after).</summary>
internal sealed class VerifyDomainDkimAction(IIdentityManagement identities) : IQueryAction
{
    public string Name => "VerifyDomainDkim";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var tokens = await identities.VerifyDomainDkimAsync(call.AccountId, call.Parameters.Required("Domain"), cancellationToken);
        return [SesXml.Members("DkimTokens", tokens)];
    }
}

using System.Xml.Linq;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>DeleteIdentity: removes the identity and its keys. Like SES v1 it succeeds for an identity that is not there.</summary>
internal sealed class DeleteIdentityAction(IIdentityManagement identities) : IQueryAction
{
    public string Name => "DeleteIdentity";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        await identities.DeleteAsync(call.AccountId, call.Parameters.Required("Identity"), cancellationToken);
        return [];
    }
}

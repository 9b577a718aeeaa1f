using System.Xml.Linq;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>SetIdentityDkimEnabled: turns the identity's DKIM signing on or off; an empty result.</summary>
internal sealed class SetIdentityDkimEnabledAction(IIdentityManagement identities) : IQueryAction
{
    public string Name => "SetIdentityDkimEnabled";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var name = call.Parameters.Required("Identity");
        var enabled = call.Parameters.RequiredBoolean("DkimEnabled");
        await identities.SetSigningEnabledAsync(call.AccountId, name, enabled, cancellationToken);
        return [];
    }
}

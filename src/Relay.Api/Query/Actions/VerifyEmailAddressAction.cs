using System.Xml.Linq;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>VerifyEmailAddress (deprecated): as VerifyEmailIdentity, but SES's model has no output shape, so no result element.</summary>
internal sealed class VerifyEmailAddressAction(IIdentityManagement identities) : IQueryAction
{
    public string Name => "VerifyEmailAddress";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        await identities.VerifyEmailIdentityAsync(call.AccountId, call.Parameters.Required("EmailAddress"), cancellationToken);
        return null;
    }
}

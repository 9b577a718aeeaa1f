using System.Xml.Linq;
using Relay.Api.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>VerifyEmailAddress (deprecated): as VerifyEmailIdentity, but SES's model has no output shape, so no result element.</summary>
internal sealed class VerifyEmailAddressAction(IIdentityManagement identities, ConfirmationMailThrottle throttle) : IQueryAction
{
    public string Name => "VerifyEmailAddress";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var address = call.Parameters.Required("EmailAddress");
        await throttle.AcquireAsync(call.AccountId, address, mailsExistingPending: true, cancellationToken);
        await identities.VerifyEmailIdentityAsync(call.AccountId, address, cancellationToken);
        return null;
    }
}

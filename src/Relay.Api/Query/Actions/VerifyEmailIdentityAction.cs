using System.Xml.Linq;
using Relay.Api.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>VerifyEmailIdentity: adds the address as pending and mails it a confirmation link (rationed by <see cref="ConfirmationMailThrottle"/>); an empty result.</summary>
internal sealed class VerifyEmailIdentityAction(IIdentityManagement identities, ConfirmationMailThrottle throttle) : IQueryAction
{
    public string Name => "VerifyEmailIdentity";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var address = call.Parameters.Required("EmailAddress");
        await throttle.AcquireAsync(call.AccountId, address, mailsExistingPending: true, cancellationToken);
        await identities.VerifyEmailIdentityAsync(call.AccountId, address, cancellationToken);
        return [];
    }
}

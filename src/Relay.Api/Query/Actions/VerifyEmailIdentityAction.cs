using System.Xml.Linq;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>VerifyEmailIdentity: adds the address as pending and mails it a confirmation link; an empty result.</summary>
internal sealed class VerifyEmailIdentityAction(IIdentityManagement identities) : IQueryAction
{
    public string Name => "VerifyEmailIdentity";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        await identities.VerifyEmailIdentityAsync(call.AccountId, call.Parameters.Required("EmailAddress"), cancellationToken);
        return [];
    }
}

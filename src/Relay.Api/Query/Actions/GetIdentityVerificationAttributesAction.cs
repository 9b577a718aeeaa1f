using System.Xml.Linq;
using Relay.Api.Identities;
using Relay.Core.Identities;

namespace Relay.Api.Query.Actions;

/// <summary>
/// GetIdentityVerificationAttributes: status (and, for domains, the TXT token) of each named identity. Unknown
/// identities, another account's included, are left out of the map, as SES does.
/// </summary>
internal sealed class GetIdentityVerificationAttributesAction(IdentityViews views) : IQueryAction
{
    public string Name => "GetIdentityVerificationAttributes";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var names = IdentityList.Read(call.Parameters);
        var entries = new List<(string, object?[])>();
        foreach (var name in names)
        {
            if (await views.FindOrNullAsync(call.AccountId, name, cancellationToken) is not { } identity)
            {
                continue;
            }

            var value = new List<object?> { SesXml.Element("VerificationStatus", ApiNames.V1Status(IdentityViews.VerificationOf(identity))) };
            // For an address the token is the secret of its confirmation link: never shown.
            if (identity.Type == IdentityType.Domain && identity.VerificationToken is { } token)
            {
                value.Add(SesXml.Element("VerificationToken", token));
            }

            entries.Add((name, value.ToArray()));
        }

        return [SesXml.Map("VerificationAttributes", entries)];
    }
}

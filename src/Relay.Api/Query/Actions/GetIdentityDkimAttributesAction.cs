using System.Xml.Linq;
using Relay.Api.Identities;

namespace Relay.Api.Query.Actions;

/// <summary>
/// GetIdentityDkimAttributes: signing switch, DKIM status and tokens of each named identity (an address reports its
/// domain's status and tokens). Unknown identities are left out.
/// </summary>
internal sealed class GetIdentityDkimAttributesAction(IdentityViews views) : IQueryAction
{
    public string Name => "GetIdentityDkimAttributes";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        var entries = new List<(string, object?[])>();
        foreach (var name in IdentityList.Read(call.Parameters))
        {
            if (await views.FindOrNullAsync(call.AccountId, name, cancellationToken) is not { } identity)
            {
                continue;
            }

            var dkim = await views.DkimAsync(call.AccountId, identity, cancellationToken);
            var value = new List<object?>
            {
                SesXml.Element("DkimEnabled", SesXml.Boolean(dkim.SigningEnabled)),
                SesXml.Element("DkimVerificationStatus", ApiNames.V1Status(dkim.Status)),
            };
            if (dkim.Tokens.Count > 0)
            {
                value.Add(SesXml.Members("DkimTokens", dkim.Tokens));
            }

            entries.Add((name, value.ToArray()));
        }

        return [SesXml.Map("DkimAttributes", entries)];
    }
}

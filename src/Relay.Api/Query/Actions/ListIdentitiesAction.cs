using System.Xml.Linq;
using Relay.Api.Errors;
using Relay.Api.Identities;
using Relay.Core.Identities;
using Relay.Core.Identities.Lifecycle;

namespace Relay.Api.Query.Actions;

/// <summary>ListIdentities: the account's identity names, optionally of one type, in pages of MaxItems (1–1000) with NextToken.</summary>
internal sealed class ListIdentitiesAction(IIdentityManagement identities) : IQueryAction
{
    private const int MaxPage = 1000;

    public string Name => "ListIdentities";

    public async Task<IReadOnlyList<XElement>?> ExecuteAsync(QueryCall call, CancellationToken cancellationToken)
    {
        IdentityType? type = call.Parameters.Optional("IdentityType") switch
        {
            null => null,
            "Domain" => IdentityType.Domain,
            "EmailAddress" => IdentityType.EmailAddress,
            var other => throw new ApiException(SesErrors.InvalidParameterValue($"IdentityType must be EmailAddress or Domain, not '{other}'.")),
        };
        var pageSize = call.Parameters.OptionalInteger("MaxItems", 1, MaxPage) ?? MaxPage;
        if (!PageToken.TryRead(call.Parameters.Optional("NextToken"), out var after))
        {
            throw new ApiException(SesErrors.InvalidParameterValue("NextToken is not one this service gave."));
        }

        var names = (await identities.ListAsync(call.AccountId, cancellationToken))
            .Where(identity => type is null || identity.Type == type)
            .Select(identity => identity.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        var (page, next) = PageToken.Slice(names, name => name, after, pageSize);
        var result = new List<XElement> { SesXml.Members("Identities", page) };
        if (next is not null)
        {
            result.Add(SesXml.Element("NextToken", next));
        }

        return result;
    }
}

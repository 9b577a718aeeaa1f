using Relay.Api.Errors;

namespace Relay.Api.Query.Actions;

/// <summary>The <c>Identities.member.N</c> list of the Get*Attributes actions: at least one, at most 100 (SES's limit).</summary>
internal static class IdentityList
{
    public const int MaxIdentities = 100;

    public static IReadOnlyList<string> Read(QueryParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = parameters.List("Identities");
        if (names.Count == 0)
        {
            throw new ApiException(SesErrors.MissingParameter("Identities"));
        }

        return names.Count <= MaxIdentities
            ? names
            : throw new ApiException(SesErrors.InvalidParameterValue($"Identities must name at most {MaxIdentities} identities."));
    }
}

using Relay.Api.Errors;

namespace Relay.Api.Identities;

/// <summary>
/// SES identity ARNs: <c>arn:aws:ses:&lt;region&gt;:&lt;account id&gt;:identity/&lt;name&gt;</c>. The account id is Relay's
/// account id (the name given to <c>relay account add</c>, or <c>Relay:Accounts</c>), not a 12-digit AWS number; the
/// region is <see cref="SesApiOptions.Region"/>, or any region when <see cref="SesApiOptions.AcceptAnyRegion"/> is set.
/// </summary>
internal static class IdentityArn
{
    public static string For(string region, string accountId, string identity) => $"arn:aws:ses:{region}:{accountId}:identity/{identity}";

    /// <summary>
    /// The identity <paramref name="arn"/> names within <paramref name="accountId"/>, or NotFoundException when it names
    /// anything else (another account, region, service or kind of resource); BadRequestException when it is no ARN.
    /// </summary>
    public static string IdentityOf(string arn, string accountId, SesApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(arn);
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(options);
        // arn:partition:service:region:account-id:resource; the account id is compared whole, so no split is needed there.
        var parts = arn.Split(':', 5);
        if (parts.Length < 5 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0)
        {
            throw new ApiException(SesErrors.BadRequest($"ResourceArn '{arn}' is not an ARN."));
        }

        var prefix = accountId + ":identity/";
        var ours = parts[2] == "ses"
            && (options.AcceptAnyRegion || string.Equals(parts[3], options.Region, StringComparison.Ordinal))
            && parts[4].StartsWith(prefix, StringComparison.Ordinal)
            && parts[4].Length > prefix.Length;
        return ours ? parts[4][prefix.Length..] : throw new ApiException(SesErrors.NotFound($"Resource {arn} does not exist."));
    }
}

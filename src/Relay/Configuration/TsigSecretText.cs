using System.Text.RegularExpressions;

namespace Relay.Configuration;

/// <summary>
/// The base64 secret in the text of <c>Relay:KeyZone:Tsig:SecretFile</c>: either the secret alone, or a BIND key
/// clause as <c>tsig-keygen</c> prints it (<c>key "name" { algorithm hmac-sha256; secret "…"; };</c>), so that one
/// file can serve BIND and Relay.
/// </summary>
internal static partial class TsigSecretText
{
    public static string Base64Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clause = SecretClause().Match(text);
        return clause.Success ? clause.Groups["secret"].Value : text.Trim();
    }

    [GeneratedRegex(@"\bsecret\s+""(?<secret>[^""]*)""\s*;")]
    private static partial Regex SecretClause();
}

namespace Relay.WebConsole.Identities;

/// <summary>The identity area's paths and form fields beyond the list and the identity page (<see cref="ConsoleRoutes"/>).</summary>
internal static class IdentityRoutes
{
    public const string New = "/identities/new";
    public const string CreateDomain = "/identities/new/domain";
    public const string CreateEmail = "/identities/new/email";
    public const string Check = "/identity/check";
    public const string Rotate = "/identity/rotate";
    public const string KeyLength = "/identity/key-length";
    public const string Signing = "/identity/signing";
    public const string DkimKeys = "/identity/dkim-keys";
    public const string Ed25519 = "/identity/ed25519";
    public const string Delete = "/identity/delete";
    public const string RecordsCsv = "/identity/records.csv";
    public const string RecordsZone = "/identity/records.zone";

    public const string AccountField = "account";
    public const string IdentityField = "identity";
    public const string LengthField = "length";
    public const string EnabledField = "enabled";
    public const string OriginField = "origin";
    public const string SelectorField = "selector";
    public const string PrivateKeyField = "private-key";
    public const string PrivateKeyFileField = "private-key-file";

    /// <summary><paramref name="path"/> for one identity, its names in the query as on the identity page.</summary>
    public static string For(string path, string accountName, string identityName) =>
        $"{path}?account={Uri.EscapeDataString(accountName)}&name={Uri.EscapeDataString(identityName)}";
}

namespace Relay.Configuration;

/// <summary><c>Relay:KeyZone:Tsig</c>: the TSIG key (RFC 8945) shared with the secondaries, e.g. made by BIND's <c>tsig-keygen</c>.</summary>
public sealed class KeyZoneTsigSettings
{
    /// <summary>The key name, as in the secondary's <c>key "name" { … }</c>.</summary>
    public string KeyName { get; set; } = string.Empty;

    /// <summary>Only <c>hmac-sha256</c>.</summary>
    public string Algorithm { get; set; } = "hmac-sha256";

    /// <summary>The secret in base64. Prefer <see cref="SecretFile"/>, which keeps it out of the settings.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>A file holding the base64 secret (surrounding white space ignored), or the key clause <c>tsig-keygen</c> prints.</summary>
    public string SecretFile { get; set; } = string.Empty;

    /// <summary>How far the time signed may be from Relay's clock. Default 5 minutes.</summary>
    public TimeSpan Fudge { get; set; } = TimeSpan.FromMinutes(5);
}

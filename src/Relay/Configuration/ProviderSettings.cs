namespace Relay.Configuration;

/// <summary>The provider's own DKIM identity (<c>Relay:Provider</c>), which signs every message.</summary>
public sealed class ProviderSettings
{
    /// <summary>d= of the provider signature.</summary>
    public string Domain { get; set; } = "relay.localhost";

    /// <summary>s= of the provider signature.</summary>
    public string Selector { get; set; } = "relay";

    /// <summary>PEM private key; empty: <c>keys/provider-&lt;selector&gt;.pem</c> in the data folder, generated on first start.</summary>
    public string PrivateKeyPath { get; set; } = string.Empty;

    /// <summary>
    /// s= of the provider's second signature, ed25519-sha256 (RFC 8463), above the RSA one; empty (the default): the
    /// provider signs with RSA only.
    /// </summary>
    public string Ed25519Selector { get; set; } = string.Empty;

    /// <summary>PKCS#8 PEM Ed25519 key; empty: <c>keys/provider-&lt;Ed25519Selector&gt;.ed25519.pem</c>, generated on first start.</summary>
    public string Ed25519PrivateKeyPath { get; set; } = string.Empty;
}

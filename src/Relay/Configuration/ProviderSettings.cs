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
}

namespace Relay.Configuration;

/// <summary>Who may relay without SMTP AUTH (<c>Relay:Relaying</c>). Empty by default: AUTH is always required.</summary>
public sealed class RelayingSettings
{
    /// <summary>CIDR networks trusted like Postfix's mynetworks, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    /// <summary>The account (by name) that mail from trusted networks is sent as; required when TrustedNetworks is set.</summary>
    public string TrustedNetworkAccount { get; set; } = string.Empty;
}

namespace Relay.Configuration;

/// <summary>The provider's DKIM key zone (<c>Relay:KeyZone</c>): the DNS responder that publishes every Easy DKIM public key.</summary>
public sealed class KeyZoneSettings
{
    /// <summary>Whether Relay answers DNS for the zone itself. Off when the operator serves the exported zone file from his own DNS.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The zone apex, the target of the customers' CNAMEs. Empty: <c>dkim.&lt;provider domain&gt;</c>.</summary>
    public string Zone { get; set; } = string.Empty;

    /// <summary>Where to answer, UDP and TCP. Default <c>0.0.0.0:10053</c> (high, no privilege needed); the container uses 53.</summary>
    public string Listen { get; set; } = "0.0.0.0:10053";

    /// <summary>NS host names for the apex. Empty: <c>ns1.&lt;zone&gt;</c>.</summary>
    public List<string> NameServers { get; set; } = [];

    /// <summary>Addresses of name servers inside the zone (glue).</summary>
    public List<string> NameServerAddresses { get; set; } = [];

    /// <summary>SOA contact. Empty: <c>hostmaster@&lt;zone&gt;</c>.</summary>
    public string HostmasterEmail { get; set; } = string.Empty;

    /// <summary>TTL of the key records.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);
}

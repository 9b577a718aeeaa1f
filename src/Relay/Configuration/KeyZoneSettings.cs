using Relay.Dns;
using Relay.Dns.RateLimiting;

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

    /// <summary>TCP connections open at once. Default 100.</summary>
    public int MaxTcpConnections { get; set; } = Defaults.MaxTcpConnections;

    /// <summary>TCP connections open at once from one client (IPv4 address, IPv6 /64). Default 10.</summary>
    public int MaxTcpConnectionsPerClient { get; set; } = Defaults.MaxTcpConnectionsPerClient;

    /// <summary>How long a TCP connection may wait idle for its next query. Default 10 seconds.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = Defaults.TcpIdleTimeout;

    /// <summary>How long one TCP query may take to arrive once it has begun (not restarted per octet). Default 5 seconds.</summary>
    public TimeSpan TcpQueryTimeout { get; set; } = Defaults.TcpQueryTimeout;

    /// <summary>Queries answered on one TCP connection before it is closed. Default 100.</summary>
    public int MaxQueriesPerTcpConnection { get; set; } = Defaults.MaxQueriesPerTcpConnection;

    /// <summary>UDP response rate limiting: <c>ResponsesPerSecond</c> 5 (0 = off), <c>Slip</c> 2, <c>IPv4PrefixLength</c> 24,
    /// <c>IPv6PrefixLength</c> 56, <c>MaxTrackedResponses</c> 100000.</summary>
    public ResponseRateLimitOptions ResponseRateLimit { get; set; } = new();

    /// <summary>Secondary name servers that may transfer the zone (AXFR over TCP, TSIG-signed) and get NOTIFY on changes. Empty: none.</summary>
    public List<KeyZoneSecondarySettings> Secondaries { get; set; } = [];

    /// <summary>The TSIG key for transfers and NOTIFY; required with <see cref="Secondaries"/>.</summary>
    public KeyZoneTsigSettings Tsig { get; set; } = new();

    /// <summary>How often the serial is read to learn that NOTIFY is due. Default 2 seconds.</summary>
    public TimeSpan SerialCheckInterval { get; set; } = Defaults.SerialCheckInterval;

    /// <summary>How long one NOTIFY waits for an answer before it is sent again. Default 2 seconds.</summary>
    public TimeSpan NotifyTimeout { get; set; } = Defaults.NotifyTimeout;

    /// <summary>How many times NOTIFY is sent to a secondary that does not answer. Default 5.</summary>
    public int NotifyAttempts { get; set; } = Defaults.NotifyAttempts;

    /// <summary>How long one zone transfer may take to be sent. Default 60 seconds.</summary>
    public TimeSpan TransferTimeout { get; set; } = Defaults.TransferTimeout;

    /// <summary>The largest message of a zone transfer. Default 16384 (4096 to 65535).</summary>
    public int MaxTransferMessageSize { get; set; } = Defaults.MaxTransferMessageSize;

    private static DkimZoneOptions Defaults { get; } = new();
}

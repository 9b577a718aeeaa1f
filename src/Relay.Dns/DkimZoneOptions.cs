using System.Net;
using Relay.Dns.RateLimiting;
using Relay.Dns.Transfer;
using Relay.Dns.Tsig;

namespace Relay.Dns;

/// <summary>
/// Settings of the provider's DKIM key zone (the target of the customers' Easy DKIM CNAMEs), each with a safe
/// default except <see cref="Zone"/>. <see cref="Validate"/> names the first bad setting.
/// </summary>
public sealed class DkimZoneOptions
{
    /// <summary>The default listening port: high, so that no privilege is needed; the container uses 53.</summary>
    public const int DefaultPort = 10053;

    /// <summary>The smallest UDP payload every DNS client accepts (RFC 1035 4.2.1).</summary>
    public const int MinimumUdpPayloadSize = 512;

    /// <summary>The largest EDNS(0) UDP payload this server will fill.</summary>
    public const int MaximumUdpPayloadSize = 4096;

    private static readonly TimeSpan LongestTtl = TimeSpan.FromDays(7);
    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The zone apex, e.g. <c>dkim.relay.example.net</c>. Required.</summary>
    public string Zone { get; set; } = string.Empty;

    /// <summary>Where to listen, on both UDP and TCP. Default <c>0.0.0.0:10053</c>; port 0 picks a free port.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Any, DefaultPort);

    /// <summary>Host names for the NS records at the apex. Empty (the default) means <c>ns1.&lt;zone&gt;</c>.</summary>
    public IList<string> NameServers { get; } = [];

    /// <summary>
    /// Addresses of the name servers that lie inside the zone (such as the default <c>ns1.&lt;zone&gt;</c>): served as
    /// their A/AAAA records and as glue with NS answers. The zone file needs them when a name server is in the zone.
    /// </summary>
    public IList<IPAddress> NameServerAddresses { get; } = [];

    /// <summary>The SOA RNAME as an e-mail address. Null (the default) means <c>hostmaster@&lt;zone&gt;</c>.</summary>
    public string? HostmasterEmail { get; set; }

    /// <summary>TTL of the DKIM TXT records. Default 300 seconds.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>TTL of the SOA and NS records at the apex. Default 3600 seconds.</summary>
    public TimeSpan ApexTtl { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>How long resolvers may cache NXDOMAIN and NODATA (the SOA minimum, RFC 2308). Default 300 seconds.</summary>
    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// The largest UDP answer, even when a client offers more with EDNS(0); larger answers are truncated and the
    /// client retries over TCP. Default 1232 (the DNS Flag Day 2020 value, which avoids IP fragmentation); 512 to 4096.
    /// </summary>
    public int MaxUdpPayloadSize { get; set; } = 1232;

    /// <summary>Concurrent TCP connections; more are closed at once. Default 100.</summary>
    public int MaxTcpConnections { get; set; } = 100;

    /// <summary>
    /// Concurrent TCP connections from one client (one IPv4 address, one IPv6 /64); more are closed at once, so that
    /// one client cannot hold every slot of <see cref="MaxTcpConnections"/>. Default 10.
    /// </summary>
    public int MaxTcpConnectionsPerClient { get; set; } = 10;

    /// <summary>How long a TCP connection may sit idle waiting for its next query (RFC 7766 6.2.3). Default 10 seconds.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one TCP query may take to arrive once its first octet has: a budget for the whole message, not
    /// restarted by each octet, so a client trickling bytes is closed. Default 5 seconds.
    /// </summary>
    public TimeSpan TcpQueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Queries answered on one TCP connection before it is closed (after the last answer). Default 100.</summary>
    public int MaxQueriesPerTcpConnection { get; set; } = 100;

    /// <summary>Response rate limiting for UDP answers (on by default: 5 a second, slip 2).</summary>
    public ResponseRateLimitOptions ResponseRateLimit { get; set; } = new();

    /// <summary>
    /// The secondaries that may transfer the zone (AXFR over TCP with <see cref="Tsig"/>) and are sent NOTIFY when the
    /// serial changes. Empty (the default): no transfers, no NOTIFY.
    /// </summary>
    public IList<SecondaryServer> Secondaries { get; } = [];

    /// <summary>The TSIG key (hmac-sha256) that transfers and NOTIFY are signed with. Required when there are secondaries.</summary>
    public TsigKey? Tsig { get; set; }

    /// <summary>How far a TSIG time signed may be from our clock (RFC 8945 5.2.3), and the fudge we sign with. Default 300 seconds.</summary>
    public TimeSpan TsigFudge { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How often the serial is read to learn that NOTIFY is due. Default 2 seconds.</summary>
    public TimeSpan SerialCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one NOTIFY waits for its answer before it is sent again. Default 2 seconds.</summary>
    public TimeSpan NotifyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a NOTIFY is sent to a secondary that does not answer (RFC 1996 3.6). Default 5.</summary>
    public int NotifyAttempts { get; set; } = 5;

    /// <summary>How long one zone transfer may take to be written, all messages together. Default 60 seconds.</summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest message of a zone transfer, TSIG record included; records are packed up to it. Default 16384; 4096 to 65535.</summary>
    public int MaxTransferMessageSize { get; set; } = 16_384;

    /// <summary>
    /// Why resolvers following a delegation and secondaries loading an export cannot use the zone as configured, or
    /// null; the zone still answers queries sent to it directly.
    /// </summary>
    public string? DelegationProblem() => DkimZone.From(this).DelegationProblem;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Zone) || !DnsNames.IsHostName(Zone))
        {
            throw Invalid(nameof(Zone), $"must be a domain name of at least two labels (was '{Zone}')");
        }

        if (EndPoint is null)
        {
            throw Invalid(nameof(EndPoint), "must be set");
        }

        foreach (var nameServer in NameServers)
        {
            if (string.IsNullOrWhiteSpace(nameServer) || !DnsNames.IsHostName(nameServer))
            {
                throw Invalid(nameof(NameServers), $"must hold host names (was '{nameServer}')");
            }
        }

        if (NameServerAddresses.Any(address => address is null))
        {
            throw Invalid(nameof(NameServerAddresses), "must not hold empty entries");
        }

        if (HostmasterEmail is not null && !HostmasterAddress.TryParse(HostmasterEmail, out _))
        {
            throw Invalid(nameof(HostmasterEmail), $"must be an address local@domain with a simple local part (was '{HostmasterEmail}')");
        }

        RequireTtl(nameof(Ttl), Ttl);
        RequireTtl(nameof(ApexTtl), ApexTtl);
        RequireTtl(nameof(NegativeTtl), NegativeTtl);
        if (MaxUdpPayloadSize is < MinimumUdpPayloadSize or > MaximumUdpPayloadSize)
        {
            throw Invalid(
                nameof(MaxUdpPayloadSize),
                $"must be from {MinimumUdpPayloadSize} to {MaximumUdpPayloadSize} (was {MaxUdpPayloadSize})");
        }

        if (MaxTcpConnections < 1)
        {
            throw Invalid(nameof(MaxTcpConnections), $"must be at least 1 (was {MaxTcpConnections})");
        }

        if (MaxTcpConnectionsPerClient < 1 || MaxTcpConnectionsPerClient > MaxTcpConnections)
        {
            throw Invalid(
                nameof(MaxTcpConnectionsPerClient),
                $"must be from 1 to MaxTcpConnections ({MaxTcpConnections}) (was {MaxTcpConnectionsPerClient})");
        }

        RequireTimeout(nameof(TcpIdleTimeout), TcpIdleTimeout);
        RequireTimeout(nameof(TcpQueryTimeout), TcpQueryTimeout);
        if (MaxQueriesPerTcpConnection < 1)
        {
            throw Invalid(nameof(MaxQueriesPerTcpConnection), $"must be at least 1 (was {MaxQueriesPerTcpConnection})");
        }

        if (ResponseRateLimit is null)
        {
            throw Invalid(nameof(ResponseRateLimit), "must be set");
        }

        ResponseRateLimit.Validate();
        ValidateTransfers();
    }

    private void ValidateTransfers()
    {
        foreach (var secondary in Secondaries)
        {
            if (secondary?.Address is null)
            {
                throw Invalid(nameof(Secondaries), "must not hold entries without an address");
            }

            if (secondary.NotifyPort is < 1 or > ushort.MaxValue)
            {
                throw Invalid(nameof(Secondaries), $"NotifyPort must be from 1 to 65535 (was {secondary.NotifyPort} for {secondary.Address})");
            }
        }

        if (Secondaries.Count > 0 && Tsig is null)
        {
            throw Invalid(nameof(Tsig), "must be set when there are Secondaries: transfers and NOTIFY are always TSIG-signed");
        }

        if (TsigFudge < TimeSpan.FromSeconds(1) || TsigFudge > TimeSpan.FromHours(1))
        {
            throw Invalid(nameof(TsigFudge), $"must be from 1 second to 1 hour (was {TsigFudge})");
        }

        RequireTimeout(nameof(SerialCheckInterval), SerialCheckInterval);
        RequireTimeout(nameof(NotifyTimeout), NotifyTimeout);
        RequireTimeout(nameof(TransferTimeout), TransferTimeout);
        if (NotifyAttempts is < 1 or > 20)
        {
            throw Invalid(nameof(NotifyAttempts), $"must be from 1 to 20 (was {NotifyAttempts})");
        }

        if (MaxTransferMessageSize is < 4096 or > ushort.MaxValue)
        {
            throw Invalid(nameof(MaxTransferMessageSize), $"must be from 4096 to 65535 (was {MaxTransferMessageSize})");
        }
    }

    private static void RequireTimeout(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > LongestTimeout)
        {
            throw Invalid(name, $"must be more than zero and at most {LongestTimeout} (was {value})");
        }
    }

    private static void RequireTtl(string name, TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1) || value > LongestTtl || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw Invalid(name, $"must be whole seconds from 1 second to {LongestTtl} (was {value})");
        }
    }

    private static ArgumentException Invalid(string name, string problem) =>
        new($"DkimZoneOptions.{name} {problem}.", name);
}

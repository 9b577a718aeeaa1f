using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Relay.Dns;

/// <summary>
/// The fixed part of the key zone (the serial moves with the records, see <see cref="IDkimKeyRecordSource.SerialAsync"/>), taken once from validated <see cref="DkimZoneOptions"/>: apex, name servers,
/// SOA fields and TTLs in seconds. Builds the records the responder and the zone file share.
/// </summary>
internal sealed class DkimZone
{
    /// <summary>SOA refresh: how often a secondary checks the serial (RFC 1912 2.2 suggests 20 minutes to 12 hours).</summary>
    public const int RefreshSeconds = 3600;

    /// <summary>SOA retry after a failed refresh.</summary>
    public const int RetrySeconds = 600;

    /// <summary>SOA expire: two weeks, within RFC 1912's two to four.</summary>
    public const int ExpireSeconds = 1_209_600;

    private DkimZone(
        string name,
        IReadOnlyList<string> nameServers,
        IReadOnlyList<IPAddress> nameServerAddresses,
        HostmasterAddress hostmaster,
        int txtTtl,
        int apexTtl,
        int negativeTtl)
    {
        Name = name;
        Apex = DomainName.Parse(name);
        NameServers = nameServers;
        NameServerAddresses = nameServerAddresses;
        InZoneNameServers = nameServers
            .Where(nameServer => nameServer.EndsWith("." + name, StringComparison.Ordinal))
            .Select(DomainName.Parse)
            .ToArray();
        Hostmaster = hostmaster;
        TxtTtl = txtTtl;
        ApexTtl = apexTtl;
        NegativeTtl = negativeTtl;
    }

    /// <summary>The apex in lower case without a trailing dot, e.g. <c>dkim.relay.example.net</c>.</summary>
    public string Name { get; }

    public DomainName Apex { get; }

    /// <summary>The NS host names in lower case without trailing dots; the first is the SOA MNAME.</summary>
    public IReadOnlyList<string> NameServers { get; }

    /// <summary>Addresses of the in-zone name servers (their A/AAAA records and the NS glue).</summary>
    public IReadOnlyList<IPAddress> NameServerAddresses { get; }

    /// <summary>The name servers whose names lie inside the zone, and so need address records in it.</summary>
    public IReadOnlyList<DomainName> InZoneNameServers { get; }

    /// <summary>
    /// Why resolvers following a delegation, and secondaries loading the zone, cannot use it as configured, or null:
    /// a name server inside the zone without an address (BIND and NSD refuse such a zone file).
    /// </summary>
    public string? DelegationProblem =>
        InZoneNameServers.Count > 0 && NameServerAddresses.Count == 0
            ? $"the name server {InZoneNameServers[0].ToString().TrimEnd('.')} lies inside the zone and has no address"
            : null;

    public HostmasterAddress Hostmaster { get; }

    public int TxtTtl { get; }

    public int ApexTtl { get; }

    /// <summary>The SOA MINIMUM field: the TTL of negative answers (RFC 2308 4).</summary>
    public int NegativeTtl { get; }

    /// <summary>Validates <paramref name="options"/> and takes what the zone needs from them.</summary>
    public static DkimZone From(DkimZoneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var name = DnsNames.Normalise(options.Zone);
        var nameServers = options.NameServers.Count > 0
            ? options.NameServers.Select(DnsNames.Normalise).ToArray()
            : [$"ns1.{name}"];
        var hostmaster = options.HostmasterEmail is not null && HostmasterAddress.TryParse(options.HostmasterEmail, out var parsed)
            ? parsed!
            : new HostmasterAddress("hostmaster", name);
        return new DkimZone(
            name,
            nameServers,
            options.NameServerAddresses.ToArray(),
            hostmaster,
            (int)options.Ttl.TotalSeconds,
            (int)options.ApexTtl.TotalSeconds,
            (int)options.NegativeTtl.TotalSeconds);
    }

    /// <summary>The SOA record as an answer at the apex, with the serial of the records served now.</summary>
    public SoaRecord Soa(DomainName owner, uint serial) => Soa(owner, ApexTtl, serial);

    /// <summary>
    /// The SOA record for the authority section of NXDOMAIN and NODATA answers; its TTL is the lesser of its own
    /// TTL and the MINIMUM field, as RFC 2308 3 asks, so that resolvers cache the negative answer no longer.
    /// </summary>
    public SoaRecord NegativeSoa(uint serial) => Soa(Apex, Math.Min(ApexTtl, NegativeTtl), serial);

    public IEnumerable<NsRecord> Ns(DomainName owner) =>
        NameServers.Select(nameServer => new NsRecord(owner, ApexTtl, DomainName.Parse(nameServer)));

    /// <summary>True when <paramref name="name"/> is one of the in-zone name servers.</summary>
    public bool IsInZoneNameServer(DomainName name) => InZoneNameServers.Any(nameServer => nameServer.Equals(name));

    /// <summary>The A (IPv4) or AAAA (IPv6) records of an in-zone name server, for the given family.</summary>
    public IEnumerable<DnsRecordBase> Addresses(DomainName owner, AddressFamily family) =>
        NameServerAddresses
            .Where(address => address.AddressFamily == family)
            .Select(DnsRecordBase (address) => family == AddressFamily.InterNetwork
                ? new ARecord(owner, ApexTtl, address)
                : new AaaaRecord(owner, ApexTtl, address));

    /// <summary>Glue for NS answers: the addresses of every in-zone name server.</summary>
    public IEnumerable<DnsRecordBase> Glue() =>
        InZoneNameServers.SelectMany(nameServer =>
            Addresses(nameServer, AddressFamily.InterNetwork).Concat(Addresses(nameServer, AddressFamily.InterNetworkV6)));

    public TxtRecord Txt(DomainName owner, string value) => new(owner, TxtTtl, TxtCharacterStrings.Split(value));

    private SoaRecord Soa(DomainName owner, int ttl, uint serial) =>
        new(
            owner,
            ttl,
            DomainName.Parse(NameServers[0]),
            new DomainName(Hostmaster.ToLabels()),
            serial,
            RefreshSeconds,
            RetrySeconds,
            ExpireSeconds,
            NegativeTtl);
}

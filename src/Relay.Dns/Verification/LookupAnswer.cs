using DnsClient.Protocol;

namespace Relay.Dns.Verification;

/// <summary>One resolver answer, reduced to what the checks read: the status, CNAMEs and TXT values.</summary>
internal sealed class LookupAnswer
{
    private readonly IReadOnlyList<DnsResourceRecord> _records;

    private LookupAnswer(LookupStatus status, IReadOnlyList<DnsResourceRecord> records, string? error, ZoneSoa? soa = null)
    {
        Status = status;
        _records = records;
        Error = error;
        Soa = soa;
    }

    public LookupStatus Status { get; }

    /// <summary>The SOA in the authority section of a negative answer (NXDOMAIN, NODATA), or null.</summary>
    public ZoneSoa? Soa { get; }

    /// <summary>Why the lookup failed (for <see cref="LookupStatus.Failed"/>).</summary>
    public string? Error { get; }

    /// <summary>Every TXT record in the answer (at the name or at the end of its CNAME chain), each with its strings joined.</summary>
    public IReadOnlyList<string> TxtValues =>
        _records.OfType<TxtRecord>().Select(record => string.Concat(record.Text)).ToArray();

    public static LookupAnswer From(LookupStatus status, IReadOnlyList<DnsResourceRecord> records, IEnumerable<DnsResourceRecord>? authorities = null) =>
        new(status, records, null, authorities?.OfType<SoaRecord>()
            .Select(soa => new ZoneSoa(soa.MName.Value.TrimEnd('.'), ZoneSoa.MailboxOf(soa.RName.Value), soa.Serial))
            .FirstOrDefault());

    public static LookupAnswer Failure(string error) => new(LookupStatus.Failed, [], error);

    /// <summary>
    /// The target of the CNAME owned by <paramref name="owner"/> as published (its case kept, no trailing dot), or
    /// null. DNS compares names without case; the diagnostics show what the customer entered.
    /// </summary>
    public string? CnameTargetOf(string owner) =>
        _records.OfType<CNameRecord>()
            .Where(record => DnsNames.Normalise(record.DomainName.Value) == owner)
            .Select(record => record.CanonicalName.Value.TrimEnd('.'))
            .FirstOrDefault();
}

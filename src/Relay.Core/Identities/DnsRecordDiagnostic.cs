namespace Relay.Core.Identities;

/// <summary>What a DNS check found for one record the customer must publish.</summary>
/// <param name="Name">The fully qualified name looked up.</param>
/// <param name="Type">CNAME or TXT.</param>
/// <param name="Expected">The value that should be there.</param>
/// <param name="Outcome">A short code such as <c>Found</c>, <c>Missing</c>, <c>PointsElsewhere</c>, <c>DuplicatedDomain</c>.</param>
/// <param name="Explanation">One line for people: what was found and what to do.</param>
public sealed record DnsRecordDiagnostic(string Name, string Type, string Expected, string Outcome, string Explanation)
{
    /// <summary>
    /// Whether the name looked up exists in DNS (false: the resolver answered NXDOMAIN); null when the resolver could
    /// not say, and in findings stored before Relay recorded it. SES's ErrorType tells HOST_NOT_FOUND from TYPE_NOT_FOUND by it.
    /// </summary>
    public bool? NameExists { get; init; }

    /// <summary>For a record not found: the SOA of the zone whose negative answer said so (SES's VerificationInfo.SOARecord); null otherwise.</summary>
    public DnsSoa? Soa { get; init; }
}

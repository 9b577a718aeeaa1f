namespace Relay.Core.Identities;

/// <summary>What a DNS check found for one record the customer must publish.</summary>
/// <param name="Name">The fully qualified name looked up.</param>
/// <param name="Type">CNAME or TXT.</param>
/// <param name="Expected">The value that should be there.</param>
/// <param name="Outcome">A short code such as <c>Found</c>, <c>Missing</c>, <c>PointsElsewhere</c>, <c>DuplicatedDomain</c>.</param>
/// <param name="Explanation">One line for people: what was found and what to do.</param>
public sealed record DnsRecordDiagnostic(string Name, string Type, string Expected, string Outcome, string Explanation);

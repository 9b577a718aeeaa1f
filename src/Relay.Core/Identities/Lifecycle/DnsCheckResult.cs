namespace Relay.Core.Identities.Lifecycle;

/// <summary>A DNS check's verdict with what was found record by record.</summary>
public sealed record DnsCheckResult(DnsCheckOutcome Outcome, IReadOnlyList<DnsRecordDiagnostic> Records);

namespace Relay.Dns.Verification;

/// <summary>What one check found at one record, with a one-line explanation for people (the CLI prints it as is).</summary>
/// <param name="Name">The name checked, fully qualified, lower case, without a trailing dot.</param>
/// <param name="RecordType"><c>CNAME</c> or <c>TXT</c>: the type the customer must publish there.</param>
/// <param name="Expected">The expected value: the CNAME target, the DKIM public key (base64) or the verification token.</param>
/// <param name="Outcome">The classification.</param>
/// <param name="Found">What was found (CNAME target, TXT value with its strings joined), or null when nothing was.</param>
/// <param name="FoundAt">Where <paramref name="Found"/> was found when that is not <paramref name="Name"/> (a misplaced record).</param>
/// <param name="Explanation">One line saying what was found and what to do.</param>
public sealed record RecordFinding(
    string Name,
    string RecordType,
    string Expected,
    RecordOutcome Outcome,
    string? Found,
    string? FoundAt,
    string Explanation)
{
    /// <summary>
    /// Easy DKIM only: the TXT record reached by following a correct CNAME (the provider's DKIM key), or null when
    /// the CNAME is not correct or its target did not resolve. Informational: the customer's part is done either way.
    /// </summary>
    public string? KeyRecordBehindCname { get; init; }

    /// <summary>
    /// Whether <see cref="Name"/> exists in DNS: false when the resolver answered NXDOMAIN for it (a misplaced record
    /// included: nothing is at the right name), null when the resolver could not answer. SES's ErrorType tells
    /// HOST_NOT_FOUND from TYPE_NOT_FOUND by it.
    /// </summary>
    public bool? NameExists { get; init; } = true;

    /// <summary>For a record not found at its name: the SOA of the zone that said so (negative answers carry it), or null.</summary>
    public ZoneSoa? Soa { get; init; }

    /// <summary>True when the record is published as expected.</summary>
    public bool IsFound => Outcome == RecordOutcome.Found;
}

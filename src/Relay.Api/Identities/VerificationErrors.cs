using Relay.Core.Identities;

namespace Relay.Api.Identities;

/// <summary>
/// SES v2's <c>VerificationInfo.ErrorType</c> from what Relay's last DNS check found (<see cref="DnsRecordDiagnostic"/>):
/// the resolver failed → DNS_SERVER_ERROR; no such name (NXDOMAIN) → HOST_NOT_FOUND; the name without a record of
/// the type (NODATA, or a TXT where the CNAME belongs) → TYPE_NOT_FOUND; a record of the type with the wrong value
/// → INVALID_VALUE. A misplaced record (domain appended twice, <c>._domainkey</c> or the underscore left out) is
/// missing at the right name and classed by what is there. Of several records, a resolver failure wins (the
/// outcome is then unknown), else the first record that is not right.
/// </summary>
internal static class VerificationErrors
{
    public const string DnsServerError = "DNS_SERVER_ERROR";
    public const string HostNotFound = "HOST_NOT_FOUND";
    public const string TypeNotFound = "TYPE_NOT_FOUND";
    public const string InvalidValue = "INVALID_VALUE";

    /// <summary>The error type of the last check, or null when it found every record (or nothing was checked).</summary>
    public static string? ErrorTypeOf(DnsCheckState check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.LastChecked is null)
        {
            return null;
        }

        if (check.Records.Any(record => record.Outcome == "ResolverError"))
        {
            return DnsServerError;
        }

        return check.Records.Where(record => record.Outcome != "Found").Select(ErrorTypeOf).FirstOrDefault(type => type is not null);
    }

    /// <summary>The SOA of the zone that answered for the first record not found in the last check, or null.</summary>
    public static DnsSoa? SoaOf(DnsCheckState check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Records.Where(record => record.Outcome != "Found").Select(record => record.Soa).FirstOrDefault(soa => soa is not null);
    }

    private static string? ErrorTypeOf(DnsRecordDiagnostic record) => record.Outcome switch
    {
        // NameExists is null only in findings stored before it was recorded: the explanation said no more then either.
        "Missing" or "DuplicatedDomain" or "MissingDomainKeyLabel" or "MissingUnderscore" => record.NameExists == true ? TypeNotFound : HostNotFound,
        "TxtInsteadOfCname" => TypeNotFound,
        "PointsElsewhere" or "TargetDomainAppended" or "KeyMismatch" or "Malformed" or "Mismatch" => InvalidValue,
        _ => null,
    };
}

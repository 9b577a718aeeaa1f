namespace Relay.Smtp.Admission;

/// <summary>The limiter's answer: a lease, or the limit that refused and its value.</summary>
internal readonly record struct AdmissionResult(ConnectionLease? Lease, AdmissionRefusal Refusal, int Limit)
{
    public static AdmissionResult Admitted(ConnectionLease lease) => new(lease, default, 0);

    public static AdmissionResult Refused(AdmissionRefusal refusal, int limit) => new(null, refusal, limit);
}

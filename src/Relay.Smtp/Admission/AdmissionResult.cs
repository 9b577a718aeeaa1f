namespace Relay.Smtp.Admission;

/// <summary>The limiter's answer: a lease (and whether a session on probation gave up its slot for it), or the limit that refused and its value.</summary>
internal readonly record struct AdmissionResult(ConnectionLease? Lease, AdmissionRefusal Refusal, int Limit, bool EvictedAnother = false)
{
    public static AdmissionResult Admitted(ConnectionLease lease, bool evictedAnother) => new(lease, default, 0, evictedAnother);

    public static AdmissionResult Refused(AdmissionRefusal refusal, int limit) => new(null, refusal, limit);
}

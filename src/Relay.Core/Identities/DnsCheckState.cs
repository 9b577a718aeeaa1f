namespace Relay.Core.Identities;

/// <summary>Where the DNS checks of one set of records stand.</summary>
/// <param name="Since">When the current status began (for PENDING: when the wait for the records began).</param>
/// <param name="LastChecked">The last lookup, whatever its outcome.</param>
/// <param name="LastSuccess">The last lookup that found every record right.</param>
/// <param name="MissingSince">For records that had verified: when they were first found missing again.</param>
/// <param name="NextCheck">When to look again; null when nothing is scheduled.</param>
/// <param name="Attempts">Lookups since <paramref name="Since"/>, which drive the back-off.</param>
/// <param name="Records">What the last lookup found, record by record.</param>
public sealed record DnsCheckState(
    DateTimeOffset? Since,
    DateTimeOffset? LastChecked,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? MissingSince,
    DateTimeOffset? NextCheck,
    int Attempts,
    IReadOnlyList<DnsRecordDiagnostic> Records)
{
    /// <summary>Nothing checked and nothing scheduled.</summary>
    public static DnsCheckState Idle { get; } = new(null, null, null, null, null, 0, []);

    /// <summary>A fresh wait for records, with the first check due at once.</summary>
    public static DnsCheckState StartingAt(DateTimeOffset now) => new(now, null, null, null, now, 0, []);
}

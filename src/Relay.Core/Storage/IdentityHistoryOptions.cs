namespace Relay.Core.Storage;

/// <summary>How a store keeps identities' history: how many rows per identity, and the clock that stamps them.</summary>
/// <param name="PerIdentity">Rows kept per identity (<c>Relay:Identities:HistoryPerIdentity</c>); older ones are deleted as new ones come.</param>
/// <param name="Time">The clock of the rows' times.</param>
public sealed record IdentityHistoryOptions(int PerIdentity, TimeProvider Time)
{
    /// <summary>The default number of rows kept per identity.</summary>
    public const int DefaultPerIdentity = 200;

    /// <summary>200 rows per identity, stamped by the system clock.</summary>
    public static IdentityHistoryOptions Default { get; } = new(DefaultPerIdentity, TimeProvider.System);
}

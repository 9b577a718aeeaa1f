namespace Relay.Core.Storage;

/// <summary>The public DKIM records Relay serves in its key zone, kept in step with the identities by the store.</summary>
public interface IDkimRecordStore
{
    /// <summary>The TXT value at <paramref name="label"/> (a token) below the zone, or null.</summary>
    Task<string?> FindDkimRecordAsync(string label, CancellationToken cancellationToken);

    /// <summary>Every record, by label.</summary>
    Task<IReadOnlyList<(string Label, string Txt)>> ListDkimRecordsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts serving the zone: records the provider's own record (served beside the stored ones, from settings) and
    /// returns the SOA serial, which moves on when that record differs from the one last recorded. The first call on a
    /// new database sets the serial to <paramref name="initialSerial"/>.
    /// </summary>
    Task<uint> OpenKeyZoneAsync(uint initialSerial, string providerRecord, CancellationToken cancellationToken);

    /// <summary>The key zone's SOA serial now: it increases with every change of the stored records.</summary>
    Task<uint> KeyZoneSerialAsync(CancellationToken cancellationToken);
}

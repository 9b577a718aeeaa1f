namespace Relay.Core.Storage;

/// <summary>The public DKIM records Relay serves in its key zone, kept in step with the identities by the store.</summary>
public interface IDkimRecordStore
{
    /// <summary>The TXT value at <paramref name="label"/> (a token) below the zone, or null.</summary>
    Task<string?> FindDkimRecordAsync(string label, CancellationToken cancellationToken);

    /// <summary>Every record, by label.</summary>
    Task<IReadOnlyList<(string Label, string Txt)>> ListDkimRecordsAsync(CancellationToken cancellationToken);
}

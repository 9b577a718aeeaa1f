namespace Relay.Dns;

/// <summary>
/// Where the DKIM key zone gets its records: one TXT value per label directly below the zone apex
/// (the Easy DKIM token). The host implements it over the identity store; <see cref="InMemoryDkimKeyRecordSource"/>
/// serves tests and fixed setups.
/// </summary>
public interface IDkimKeyRecordSource
{
    /// <summary>
    /// Returns the TXT value (<c>v=DKIM1; k=rsa; p=…</c>) published at <paramref name="label"/> below the zone,
    /// or null when the label has no active record.
    /// </summary>
    /// <param name="label">The single label below the apex, in lower case (the token).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken);

    /// <summary>
    /// The zone's SOA serial for the records as they are now: it increases (RFC 1982) whenever a record is added,
    /// changed or withdrawn, so that a secondary or a resolver comparing serials sees the change.
    /// </summary>
    ValueTask<uint> SerialAsync(CancellationToken cancellationToken);

    /// <summary>Every active record, for exporting the zone; labels in lower case.</summary>
    IAsyncEnumerable<(string Label, string TxtValue)> ListAsync(CancellationToken cancellationToken);
}

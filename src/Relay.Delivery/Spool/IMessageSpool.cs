namespace Relay.Delivery.Spool;

/// <summary>
/// Durable storage for accepted messages awaiting delivery. When <see cref="AddAsync"/> returns, the message
/// survives a crash or power loss, so the caller may answer 250.
/// </summary>
/// <remarks>
/// Ids are validated on every call: anything other than an id the spool issued throws
/// <see cref="ArgumentException"/>. Call <see cref="RecoverAsync"/> once at start-up, before the first
/// <see cref="AddAsync"/>, and only from one process per spool.
/// </remarks>
public interface IMessageSpool
{
    /// <summary>The number of messages added or recovered by this instance and not yet deleted.</summary>
    int Count { get; }

    /// <summary>The age of the oldest such message, or zero when there is none.</summary>
    TimeSpan OldestAge { get; }

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) with <paramref name="envelope"/> under a new id and
    /// returns only once both are durable. The envelope's id must be empty; its id and creation time are assigned.
    /// </summary>
    Task<SpooledMessage> AddAsync(SpoolEnvelope envelope, Stream content, CancellationToken cancellationToken);

    /// <summary>Durably replaces the stored envelope of an existing message (attempts, recipient states).</summary>
    /// <exception cref="KeyNotFoundException">No message with this id is in the spool.</exception>
    Task UpdateAsync(SpoolEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>Opens the stored bytes of a message as a read-only, seekable stream.</summary>
    /// <exception cref="KeyNotFoundException">No message with this id is in the spool.</exception>
    Task<Stream> OpenContentAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes a message; removing an id that is not there does nothing.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Cleans up what an interrupted write left behind and lists every committed message, oldest first.
    /// Unreadable envelopes are moved aside and logged, never thrown.
    /// </summary>
    IAsyncEnumerable<SpoolEnvelope> RecoverAsync(CancellationToken cancellationToken);
}

namespace Relay.Core.Ingestion;

/// <summary>
/// Issues the one id a message carries everywhere: the 250 reply, the API's MessageId, the Received field, the spool
/// and every log line about it. A version 7 GUID in "N" format, so ids sort by creation time and are safe file names.
/// </summary>
public sealed class MessageIds(TimeProvider timeProvider)
{
    public string Next() => Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
}

namespace Relay.Delivery.Spool;

/// <summary>A message that is durably in the spool.</summary>
/// <param name="Envelope">The envelope as stored, with its assigned id and creation time.</param>
/// <param name="ContentLength">The number of content bytes stored.</param>
public sealed record SpooledMessage(SpoolEnvelope Envelope, long ContentLength);

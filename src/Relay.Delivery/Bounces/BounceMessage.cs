namespace Relay.Delivery.Bounces;

/// <summary>A delivery status notification ready to send: unsigned RFC 5322 bytes (CRLF) for one recipient.</summary>
/// <param name="Recipient">The envelope sender of the message that failed; never empty.</param>
/// <param name="Content">The DSN, 7-bit, CRLF line ends; it still needs the provider's signature.</param>
/// <param name="OriginalSpoolId">The spool id of the message it reports on, for the log.</param>
public sealed record BounceMessage(string Recipient, byte[] Content, string OriginalSpoolId);

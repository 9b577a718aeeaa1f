namespace Relay.Delivery.Queue;

/// <summary>One attempt to hand a spooled message to one destination for some of its recipients.</summary>
/// <param name="ReversePath">MAIL FROM, empty for the null sender.</param>
/// <param name="Recipients">The recipients of this destination still pending.</param>
/// <param name="EightBitMime">Received (and signed) with BODY=8BITMIME.</param>
/// <param name="SmtpUtf8">Received with SMTPUTF8.</param>
/// <param name="Content">The spooled bytes: seekable, sent unchanged.</param>
public sealed record DeliveryRequest(
    string ReversePath, IReadOnlyList<string> Recipients, bool EightBitMime, bool SmtpUtf8, Stream Content);

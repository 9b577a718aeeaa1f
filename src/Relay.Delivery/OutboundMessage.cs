namespace Relay.Delivery;

/// <summary>A message to forward: the SMTP envelope as received plus the exact bytes to transmit.</summary>
/// <param name="ReversePath">The MAIL FROM address without angle brackets; empty for the null sender &lt;&gt;.</param>
/// <param name="Recipients">The RCPT TO addresses without angle brackets, in the order received.</param>
/// <param name="EightBitMime">The message was received with BODY=8BITMIME.</param>
/// <param name="SmtpUtf8">The message was received with the SMTPUTF8 parameter.</param>
/// <param name="Content">
/// Seekable, at position 0, CRLF line ends, exactly the bytes to send (signature header fields already prepended).
/// The forwarder reads it but does not dispose it. A content that does not end with CRLF arrives with CRLF appended,
/// because SMTP DATA cannot carry a message whose last line is unterminated.
/// </param>
public sealed record OutboundMessage(
    string ReversePath,
    IReadOnlyList<string> Recipients,
    bool EightBitMime,
    bool SmtpUtf8,
    Stream Content);

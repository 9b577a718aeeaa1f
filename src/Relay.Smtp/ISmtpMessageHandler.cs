namespace Relay.Smtp;

/// <summary>Receives each message once all of it has arrived and passed the protocol checks.</summary>
public interface ISmtpMessageHandler
{
    /// <summary>Takes responsibility for the message; the returned reply is sent as the DATA (or BDAT LAST) reply.</summary>
    /// <param name="session">The session the message arrived on.</param>
    /// <param name="envelope">The transaction's envelope.</param>
    /// <param name="content">
    /// The message bytes exactly as received after dot-unstuffing, with CRLF line ends; seekable, read-only, at position 0.
    /// Valid only during the call: copy what you need before returning.
    /// </param>
    /// <param name="cancellationToken">Fires when the server aborts sessions on shutdown.</param>
    /// <remarks>An exception other than cancellation on shutdown is logged and answered with 451 4.3.0; the session goes on.</remarks>
    ValueTask<SmtpReply> HandleMessageAsync(
        SmtpSessionContext session, SmtpEnvelope envelope, Stream content, CancellationToken cancellationToken);
}

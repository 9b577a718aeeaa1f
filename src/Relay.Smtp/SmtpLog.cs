using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Relay.Smtp.Protocol;

namespace Relay.Smtp;

/// <summary>The server's log events, with stable ids. AUTH payloads and message content are never logged.</summary>
internal static partial class SmtpLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "SMTP listening on {EndPoint} (implicit TLS: {ImplicitTls})")]
    public static partial void Listening(this ILogger logger, IPEndPoint endPoint, bool implicitTls);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "SMTP server stopping; {Count} sessions in flight")]
    public static partial void Stopping(this ILogger logger, int count);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Shutdown grace period over; aborting {Count} sessions")]
    public static partial void AbortingSessions(this ILogger logger, int count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Accepting a connection on {EndPoint} failed")]
    public static partial void AcceptFailed(this ILogger logger, IPEndPoint endPoint, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Refused a connection from {RemoteEndPoint}: {Limit} concurrent sessions reached")]
    public static partial void TooManyConnections(this ILogger logger, EndPoint? remoteEndPoint, int limit);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Warning, Message = "Refused a connection from {RemoteEndPoint}: {Limit} concurrent sessions from that address reached")]
    public static partial void TooManyConnectionsFromAddress(this ILogger logger, EndPoint? remoteEndPoint, int limit);

    [LoggerMessage(EventId = 1072, Level = LogLevel.Warning, Message = "Refused a connection from {RemoteEndPoint}: more than {Limit} new connections from that address in the rate window")]
    public static partial void ConnectionRateFromAddress(this ILogger logger, EndPoint? remoteEndPoint, int limit);

    [LoggerMessage(EventId = 1073, Level = LogLevel.Information, Message = "Session admitted into a reserved slot: it must authenticate within {Timeout} (took the slot of an older unauthenticated session: {TookSlot})")]
    public static partial void AdmittedOnProbation(this ILogger logger, TimeSpan timeout, bool tookSlot);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Session started from {RemoteEndPoint} to {LocalEndPoint}")]
    public static partial void SessionStarted(this ILogger logger, IPEndPoint remoteEndPoint, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Session ended")]
    public static partial void SessionEnded(this ILogger logger);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Session closing: {Reason}")]
    public static partial void SessionTerminated(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Connection lost")]
    public static partial void ConnectionLost(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "Session aborted by server shutdown")]
    public static partial void SessionAborted(this ILogger logger);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Error, Message = "Session failed unexpectedly")]
    public static partial void SessionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Too many bad commands ({Count}); closing")]
    public static partial void TooManyBadCommands(this ILogger logger, int count);

    [LoggerMessage(EventId = 1070, Level = LogLevel.Warning, Message = "Too many commands outside a mail transaction ({Count}); closing")]
    public static partial void TooManyNonTransactionCommands(this ILogger logger, int count);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Debug, Message = "Refused {Verb} in state {State}: {Reply}")]
    public static partial void CommandRefused(this ILogger logger, SmtpVerb verb, SmtpState state, SmtpReply reply);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Debug, Message = "Protocol error: {Reply}")]
    public static partial void ProtocolError(this ILogger logger, SmtpReply reply);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Debug, Message = "The last reply could not be sent")]
    public static partial void LastReplyNotSent(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "TLS established: {Protocol} {Cipher}")]
    public static partial void TlsEstablished(this ILogger logger, SslProtocols protocol, string cipher);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "TLS handshake timed out after {Timeout}")]
    public static partial void TlsHandshakeTimedOut(this ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "TLS handshake failed")]
    public static partial void TlsHandshakeFailed(this ILogger logger, AuthenticationException exception);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Connection lost during the TLS handshake")]
    public static partial void TlsHandshakeConnectionLost(this ILogger logger, IOException exception);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Discarded {Count} octets pipelined after STARTTLS")]
    public static partial void DiscardedAfterStartTls(this ILogger logger, long count);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Error, Message = "No server certificate: cannot start TLS; closing")]
    public static partial void NoCertificateForTls(this ILogger logger);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "AUTH {Mechanism} succeeded for {Principal}")]
    public static partial void AuthenticationSucceeded(this ILogger logger, string mechanism, string principal);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "AUTH {Mechanism} failed")]
    public static partial void AuthenticationFailed(this ILogger logger, string mechanism);

    [LoggerMessage(EventId = 1074, Level = LogLevel.Warning, Message = "AUTH refused without a password check: too many failures from {RemoteAddress} or for the user; closing")]
    public static partial void AuthenticationThrottled(this ILogger logger, IPAddress remoteAddress);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Error, Message = "The authenticator failed")]
    public static partial void AuthenticatorFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9501, Level = LogLevel.Warning, Message = "The {Seam} cannot answer for now, a temporary failure was replied: {Reason}")]
    public static partial void SeamUnavailable(this ILogger logger, string seam, string reason);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Error, Message = "The transaction policy failed")]
    public static partial void PolicyFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Error, Message = "The {Seam} returned an unusable reply {Reply}")]
    public static partial void UnusableReply(this ILogger logger, string seam, SmtpReply? reply);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "Message from <{ReversePath}> to {RecipientCount} recipients, {Size} octets: {Reply}")]
    public static partial void MessageHandled(this ILogger logger, string reversePath, int recipientCount, long size, SmtpReply reply);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "Message refused ({Violations}): {Reply}")]
    public static partial void MessageRefused(this ILogger logger, ContentViolations violations, SmtpReply reply);

    [LoggerMessage(EventId = 1052, Level = LogLevel.Error, Message = "The message handler failed")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7410, Level = LogLevel.Warning,
        Message = "No room to keep the message ({Reason}); answering 452 4.3.1 with the session kept")]
    public static partial void NoRoomForMessage(this ILogger logger, string reason);

    [LoggerMessage(EventId = 7411, Level = LogLevel.Error,
        Message = "The message's content could not be written to its buffer ({Reason}); answering 451 4.3.0 with the session kept")]
    public static partial void ContentNotKept(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1053, Level = LogLevel.Error, Message = "The message's content could not be read back from its buffer (a local fault, not the client's)")]
    public static partial void ContentUnreadable(this ILogger logger, Exception exception);
}

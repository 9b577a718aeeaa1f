using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Relay.Delivery;

/// <summary>
/// Classifies what MailKit threw into a <see cref="ForwardResult"/>. Only exceptions named here are
/// classified; anything else is a bug and propagates.
/// </summary>
/// <remarks>
/// The next hop's 4xx/5xx replies to the transaction are passed through (except 421, which would tell our own
/// client that our session is closing). Everything about reaching the next hop — connection, greeting, TLS,
/// authentication — is temporary: it says nothing about the message, and the client can try again later.
/// </remarks>
internal static class ForwardFailure
{
    public static ForwardResult? Classify(Exception exception, ForwardPhase phase)
    {
        var connecting = phase == ForwardPhase.Connecting;
        return exception switch
        {
            SmtpCommandException refused when phase != ForwardPhase.Transferring => ForwardResult.Temporary(
                "4.4.1", $"Next hop refused the session: {(int)refused.StatusCode} {NextHopReply.Clean(refused.Message)}"),
            SmtpCommandException refused => FromReply(refused),
            ServiceNotAuthenticatedException required => ForwardResult.Temporary(
                "4.7.0", $"Next hop requires authentication: {NextHopReply.Clean(required.Message)}"),
            AuthenticationException failed => ForwardResult.Temporary(
                "4.7.0", $"Authentication with next hop failed: {NextHopReply.Clean(failed.Message)}"),
            SslHandshakeException handshake => ForwardResult.Temporary(
                "4.7.5", $"TLS handshake with next hop failed: {NextHopReply.Clean(handshake.InnerException?.Message ?? handshake.Message)}"),
            NotSupportedException when connecting => ForwardResult.Temporary(
                "4.7.4", "Next hop does not offer STARTTLS, which the next hop settings require"),
            NotSupportedException unsupported when phase == ForwardPhase.Authenticating => ForwardResult.Temporary(
                "4.7.4", $"Next hop offers no usable authentication: {NextHopReply.Clean(unsupported.Message)}"),
            TimeoutException when connecting => ForwardResult.Temporary("4.4.1", "Next hop unreachable: timed out"),
            TimeoutException => ForwardResult.Temporary("4.4.2", "Next hop timed out"),
            SocketException socket => ForwardResult.Temporary(
                "4.4.1", $"Next hop unreachable: {NextHopReply.Clean(socket.Message)}"),
            SmtpProtocolException or IOException => ForwardResult.Temporary(
                connecting ? "4.4.1" : "4.4.2",
                $"{(connecting ? "Next hop unreachable" : "Connection to next hop failed")}: {NextHopReply.Clean(exception.Message)}"),
            _ => null,
        };
    }

    /// <summary>What the next hop said, for the log; null when the failure was not a reply.</summary>
    public static string? HopReply(Exception exception) => exception switch
    {
        SmtpCommandException refused => $"{(int)refused.StatusCode} {refused.Message}",
        CommandException or AuthenticationException => exception.Message,
        _ => null,
    };

    private static ForwardResult FromReply(SmtpCommandException refused)
    {
        var code = (int)refused.StatusCode;
        var mailbox = string.IsNullOrEmpty(refused.Mailbox?.Address) ? null : refused.Mailbox.Address;
        switch (code / 100)
        {
            case 4:
            {
                var (status, text) = NextHopReply.Parse(code, refused.Message, "4.0.0");
                var replyCode = code == 421 ? 451 : code;
                return new ForwardResult(ForwardOutcome.TemporaryFailure, replyCode, status, OrDefault(text), mailbox);
            }

            case 5:
            {
                var (status, text) = NextHopReply.Parse(code, refused.Message, "5.0.0");
                return ForwardResult.Permanent(code, status, OrDefault(text), mailbox);
            }

            default:
                return ForwardResult.Temporary(
                    "4.5.0", $"Next hop protocol error: unexpected reply {code} {NextHopReply.Clean(refused.Message)}", mailbox);
        }
    }

    private static string OrDefault(string text) => text.Length > 0 ? text : "Rejected by next hop";
}

using Microsoft.Extensions.Logging;

namespace Relay.Delivery;

/// <summary>Log events of <see cref="SmtpForwarder"/>; never given credentials.</summary>
internal static partial class ForwarderLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Forwarded to {NextHop} for {RecipientCount} recipient(s): next hop replied {HopReply}")]
    public static partial void Delivered(ILogger logger, string nextHop, int recipientCount, string hopReply);

    // A refused connection or a 4xx is routine for a relay: one line at Warning, the stack trace only at Debug.
    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "Forwarding to {NextHop} failed while {Phase}: returning {ReplyCode} {EnhancedStatusCode} {Text}; next hop replied {HopReply} ({ErrorType})")]
    public static partial void Failed(
        ILogger logger, string nextHop, ForwardPhase phase,
        int replyCode, string enhancedStatusCode, string text, string hopReply, string errorType);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "Forwarding failure detail")]
    public static partial void FailedDetail(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "Not forwarding to {NextHop}: returning {ReplyCode} {EnhancedStatusCode} {Text}")]
    public static partial void Refused(ILogger logger, string nextHop, int replyCode, string enhancedStatusCode, string text);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug,
        Message = "Dropped {DuplicateCount} recipient(s) that repeat another recipient up to case")]
    public static partial void DuplicateRecipients(ILogger logger, int duplicateCount);
}

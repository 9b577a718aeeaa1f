using Microsoft.Extensions.Logging;

namespace Relay.Delivery.Queue;

/// <summary>Log events of the delivery queue and its transport (4200–4299); never given credentials.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information,
        Message = "Delivery queue started with {Count} message(s) from the spool")]
    public static partial void Started(ILogger logger, int count);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Message {SpoolId} attempt {Attempt} via {Destination}: {Result}")]
    public static partial void Attempted(ILogger logger, string spoolId, int attempt, string destination, string result);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information,
        Message = "Message {SpoolId} done: {Delivered} delivered, {Failed} failed")]
    public static partial void Completed(ILogger logger, string spoolId, int delivered, int failed);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information,
        Message = "Message {SpoolId} deferred: {Pending} recipient(s) pending, next attempt at {NextAttemptAt:O}")]
    public static partial void Deferred(ILogger logger, string spoolId, int pending, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning,
        Message = "Message {SpoolId} expired after {Age}: {Pending} recipient(s) never delivered")]
    public static partial void Expired(ILogger logger, string spoolId, TimeSpan age, int pending);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information,
        Message = "Message {SpoolId}: delivery status notification for {Failed} recipient(s) sent to <{Sender}>")]
    public static partial void Bounced(ILogger logger, string spoolId, int failed, string sender);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information,
        Message = "Message {SpoolId}: {Failed} recipient(s) failed; no notification, the sender is null")]
    public static partial void NotBouncedNullSender(ILogger logger, string spoolId, int failed);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Information, Message = "Message {SpoolId}: operator asked for {Command}")]
    public static partial void OperatorCommand(ILogger logger, string spoolId, Spool.SpoolCommand command);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Error,
        Message = "Message {SpoolId}: delivery pass failed; it stays in the spool and is retried")]
    public static partial void PassFailed(ILogger logger, string spoolId, Exception exception);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Warning,
        Message = "Host {Target} failed while {Phase}: {Result}")]
    public static partial void HostFailed(ILogger logger, string target, ForwardPhase phase, string result);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Debug,
        Message = "{Target} took the message for {Accepted} recipient(s), refused {Refused}; replied {Reply}")]
    public static partial void Transferred(ILogger logger, string target, int accepted, int refused, string reply);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Information,
        Message = "{Target} refused the transaction ({ErrorCode}): {Reply}")]
    public static partial void TransactionRefused(ILogger logger, string target, MailKit.Net.Smtp.SmtpErrorCode errorCode, string reply);
}

using Microsoft.Extensions.Logging;

namespace Relay.Delivery.Queue;

/// <summary>Log events of the delivery queue and its transport (4200–4299); never given credentials.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information,
        Message = "Delivery queue started with {Count} message(s) from the spool")]
    public static partial void Started(ILogger logger, int count);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Message {MessageId} attempt {Attempt} via {Destination}: {Result}")]
    public static partial void Attempted(ILogger logger, string messageId, int attempt, string destination, string result);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information,
        Message = "Message {MessageId} done: {Delivered} delivered, {Failed} failed")]
    public static partial void Completed(ILogger logger, string messageId, int delivered, int failed);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information,
        Message = "Message {MessageId} deferred: {Pending} recipient(s) pending, next attempt at {NextAttemptAt:O}")]
    public static partial void Deferred(ILogger logger, string messageId, int pending, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning,
        Message = "Message {MessageId} expired after {Age}: {Pending} recipient(s) never delivered")]
    public static partial void Expired(ILogger logger, string messageId, TimeSpan age, int pending);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information,
        Message = "Message {MessageId}: delivery status notification for {Failed} recipient(s) sent to <{Sender}>")]
    public static partial void Bounced(ILogger logger, string messageId, int failed, string sender);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information,
        Message = "Message {MessageId}: {Failed} recipient(s) failed; no notification, the sender is null")]
    public static partial void NotBouncedNullSender(ILogger logger, string messageId, int failed);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Information, Message = "Message {MessageId}: operator asked for {Command}")]
    public static partial void OperatorCommand(ILogger logger, string messageId, Spool.SpoolCommand command);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Error,
        Message = "Message {MessageId}: delivery pass failed; it stays in the spool and is retried")]
    public static partial void PassFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Warning,
        Message = "Host {Target} failed while {Phase}: {Result}")]
    public static partial void HostFailed(ILogger logger, string target, ForwardPhase phase, string result);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Debug,
        Message = "{Target} took the message for {Accepted} recipient(s), refused {Refused}; replied {Reply}")]
    public static partial void Transferred(ILogger logger, string target, int accepted, int refused, string reply);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Information,
        Message = "{Target} refused the transaction ({ErrorCode}): {Reply}")]
    public static partial void TransactionRefused(ILogger logger, string target, MailKit.Net.Smtp.SmtpErrorCode errorCode, string reply);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Information,
        Message = "Message {MessageId}: {Count} recipient(s) on account {AccountId}'s suppression list, not attempted")]
    public static partial void Suppressed(ILogger logger, string messageId, int count, string? accountId);

    [LoggerMessage(EventId = 4214, Level = LogLevel.Information,
        Message = "Message {MessageId}: {Recipient} hard-bounced and was added to account {AccountId}'s suppression list")]
    public static partial void AddedToSuppressionList(ILogger logger, string messageId, string recipient, string? accountId);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Warning,
        Message = "Message {MessageId}: the suppression list could not be read or written; delivery goes on without it")]
    public static partial void SuppressionFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 4216, Level = LogLevel.Error,
        Message = "Message {MessageId}: its {Kind} event could not be kept; delivery goes on without it")]
    public static partial void EventNotKept(ILogger logger, string messageId, Events.DeliveryEventKind kind, Exception exception);
}

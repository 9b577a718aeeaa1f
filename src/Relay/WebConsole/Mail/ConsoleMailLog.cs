using Microsoft.Extensions.Logging;

namespace Relay.WebConsole.Mail;

/// <summary>The console's log events for the queue, accounts and access keys (9475–9489); never a password or a secret.</summary>
internal static partial class ConsoleMailLog
{
    [LoggerMessage(EventId = 9475, Level = LogLevel.Information, Message = "Console user {UserName} asked for a retry of queued message {MessageId}")]
    public static partial void RetryRequested(ILogger logger, string userName, string messageId);

    [LoggerMessage(EventId = 9476, Level = LogLevel.Warning, Message = "Console user {UserName} asked for queued message {MessageId} to be deleted")]
    public static partial void DeleteRequested(ILogger logger, string userName, string messageId);

    [LoggerMessage(EventId = 9477, Level = LogLevel.Information, Message = "Console user {UserName} added account {AccountName} (SMTP user {SmtpUserName})")]
    public static partial void AccountCreated(ILogger logger, string userName, string accountName, string smtpUserName);

    [LoggerMessage(EventId = 9478, Level = LogLevel.Information, Message = "Console user {UserName} made access key {AccessKeyId} for account {AccountName}")]
    public static partial void AccessKeyCreated(ILogger logger, string userName, string accessKeyId, string accountName);

    [LoggerMessage(EventId = 9479, Level = LogLevel.Warning, Message = "Console user {UserName} revoked access key {AccessKeyId}")]
    public static partial void AccessKeyRevoked(ILogger logger, string userName, string accessKeyId);

    [LoggerMessage(EventId = 9481, Level = LogLevel.Information, Message = "Console user {UserName} gave account {AccountName} a new SMTP password")]
    public static partial void SmtpPasswordReplaced(ILogger logger, string userName, string accountName);

    [LoggerMessage(EventId = 9482, Level = LogLevel.Warning,
        Message = "Console user {UserName} revoked the credentials of account {AccountName}: {Keys} access key(s), and the SMTP password")]
    public static partial void CredentialsRevoked(ILogger logger, string userName, string accountName, int keys);

    [LoggerMessage(EventId = 9480, Level = LogLevel.Warning, Message = "Console user {UserName} is not an operator: {Path} refused")]
    public static partial void NotAnOperator(ILogger logger, string userName, string path);
}

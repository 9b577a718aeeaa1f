using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>The record checker's log events, with stable ids (5100–5199). Record values (keys, tokens) are never logged.</summary>
internal static partial class VerificationLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Checked {RecordType} {Name}: {Outcome}")]
    public static partial void Checked(this ILogger logger, string recordType, string name, RecordOutcome outcome);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "The resolver failed for {RecordType} {Name}: {Error}")]
    public static partial void ResolverFailed(this ILogger logger, string recordType, string name, string? error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Looking for a misplaced record at {Name} failed: {Error}")]
    public static partial void ProbeFailed(this ILogger logger, string name, string? error);
}

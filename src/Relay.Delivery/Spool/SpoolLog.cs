using Microsoft.Extensions.Logging;

namespace Relay.Delivery.Spool;

/// <summary>Log events of <see cref="FileMessageSpool"/> (4100–4199).</summary>
internal static partial class SpoolLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Spool {Root}: recovered {Count} message(s), removed {Orphans} orphan content file(s) and {Temporaries} temporary file(s), quarantined {Corrupt}")]
    public static partial void Recovered(ILogger logger, string root, int count, int orphans, int temporaries, int corrupt);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error,
        Message = "Spooled message {SpoolId} is unreadable ({Problem}); moved to {CorruptDirectory}")]
    public static partial void Quarantined(ILogger logger, string spoolId, string problem, string corruptDirectory);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Removed content {SpoolId} that an interrupted write left without an envelope")]
    public static partial void OrphanRemoved(ILogger logger, string spoolId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Removed temporary file {Path}")]
    public static partial void TemporaryRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Ignoring unexpected file {Path} in the spool")]
    public static partial void UnexpectedFile(ILogger logger, string path);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Could not recover spool file {Path}; left in place")]
    public static partial void RecoveryFileFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug, Message = "Spooled {SpoolId}: {Length} bytes")]
    public static partial void Added(ILogger logger, string spoolId, long length);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug, Message = "Removed {SpoolId} from the spool")]
    public static partial void Deleted(ILogger logger, string spoolId);

    [LoggerMessage(EventId = 7406, Level = LogLevel.Warning, Message = "The disk is full ({Reason}); spare files deleted and the write tried again")]
    public static partial void SparesReleased(ILogger logger, string reason);
}

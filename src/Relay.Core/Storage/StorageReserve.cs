using Microsoft.Extensions.Logging;

namespace Relay.Core.Storage;

/// <summary>
/// Refuses new mail (452 4.3.1) while the data folder's file system has less than a reserve free, so the last
/// free space goes to the mail already accepted (its envelope updates, its bounces, SQLite) rather than to a new
/// message that could not be kept anyway. Space is measured at most once per <see cref="StorageReserveOptions.CheckInterval"/>;
/// below the reserve, <paramref name="reclaim"/> (the spool's spare files) is asked to free what it can first.
/// </summary>
public sealed partial class StorageReserve(
    StorageReserveOptions options,
    string directory,
    TimeProvider timeProvider,
    ILogger<StorageReserve> logger,
    Func<long>? reclaim = null,
    Func<string, long>? availableBytes = null)
{
    private readonly Func<string, long> _availableBytes = availableBytes ?? (path => new DriveInfo(path).AvailableFreeSpace);
    private readonly Lock _gate = new();
    private long? _checkedAt;
    private bool _hasRoom = true;

    /// <summary>True while at least <see cref="StorageReserveOptions.MinimumFreeDiskBytes"/> are free (always, when that is 0).</summary>
    public bool HasRoom()
    {
        if (options.MinimumFreeDiskBytes <= 0)
        {
            return true;
        }

        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            if (_checkedAt is { } checkedAt && timeProvider.GetElapsedTime(checkedAt, now) < options.CheckInterval)
            {
                return _hasRoom;
            }

            _checkedAt = now;
            var free = Measure();
            if (free < options.MinimumFreeDiskBytes && reclaim is not null && reclaim() > 0)
            {
                free = Measure();
            }

            var hasRoom = free >= options.MinimumFreeDiskBytes;
            if (hasRoom != _hasRoom)
            {
                if (hasRoom)
                {
                    LogRoomAgain(logger, directory, free, options.MinimumFreeDiskBytes);
                }
                else
                {
                    LogBelowReserve(logger, directory, free, options.MinimumFreeDiskBytes);
                }
            }

            _hasRoom = hasRoom;
            return hasRoom;
        }
    }

    private long Measure()
    {
        try
        {
            return _availableBytes(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Not measurable (an odd mount): the writes themselves still answer 452 when they hit a full disk.
            LogNotMeasurable(logger, directory, exception.Message);
            return long.MaxValue;
        }
    }

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning,
        Message = "Only {FreeBytes} bytes free for {Directory}, below Relay:Storage:MinimumFreeDiskBytes {MinimumBytes}: new mail is refused with 452 4.3.1")]
    private static partial void LogBelowReserve(ILogger logger, string directory, long freeBytes, long minimumBytes);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Information,
        Message = "{FreeBytes} bytes free for {Directory} again (reserve {MinimumBytes}): new mail is accepted")]
    private static partial void LogRoomAgain(ILogger logger, string directory, long freeBytes, long minimumBytes);

    [LoggerMessage(EventId = 7404, Level = LogLevel.Warning, Message = "Free space for {Directory} cannot be measured ({Reason}); the reserve is not enforced")]
    private static partial void LogNotMeasurable(ILogger logger, string directory, string reason);
}

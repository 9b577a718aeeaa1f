using Microsoft.Extensions.Logging;

namespace Relay.Delivery;

/// <summary>Log events of <see cref="NextHopCapabilityProbe"/>.</summary>
internal static partial class NextHopProbeLog
{
    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "Next hop {NextHop} {Offers} 8BITMIME; remembered until {Expires:u}")]
    public static partial void Probed(ILogger logger, string nextHop, string offers, DateTimeOffset expires);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning,
        Message = "Could not ask {NextHop} for its capabilities ({Problem}); assuming 8BITMIME: {Assumed}")]
    public static partial void Failed(ILogger logger, Exception exception, string nextHop, string problem, bool assumed);
}

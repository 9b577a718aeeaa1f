namespace Relay.Core.Quotas;

/// <summary>An account's own limits, set with <c>relay account quota</c> or in settings; null takes the default (<c>Relay:Quotas</c>).</summary>
public sealed record AccountSendingLimits(double? Max24HourSend, double? MaxSendRate)
{
    /// <summary>Each value given here, else the default's.</summary>
    public SendingLimits Over(SendingLimits defaults) =>
        new(Max24HourSend ?? defaults.Max24HourSend, MaxSendRate ?? defaults.MaxSendRate);
}

using System.ComponentModel.DataAnnotations;

namespace Relay.Core.Quotas;

/// <summary>The sending limits of an account that has none of its own, and how often counts are written (<c>Relay:Quotas</c>).</summary>
public sealed class SendingQuotaOptions
{
    /// <summary>
    /// Recipients per rolling 24 hours; -1 is unlimited. Default 50,000: what a new SES account out of the sandbox was
    /// given, so that software tuned against SES meets the numbers it knows.
    /// </summary>
    public double Max24HourSend { get; set; } = 50_000;

    /// <summary>Recipients per second, more than 0. Default 14, SES's starting rate out of the sandbox.</summary>
    public double MaxSendRate { get; set; } = 14;

    /// <summary>How often the counts of accepted messages are written to the store (and the accounts' own limits re-read). Default 1 second.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    public SendingLimits Defaults => new(Max24HourSend, MaxSendRate);

    /// <summary>Throws a <see cref="ValidationException"/> naming the bad setting.</summary>
    public void Validate()
    {
        Defaults.Validate();
        if (FlushInterval <= TimeSpan.Zero)
        {
            throw new ValidationException($"FlushInterval must be positive (was {FlushInterval}).");
        }
    }
}

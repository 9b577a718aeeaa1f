using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Relay.Core.Quotas;

/// <summary>An account's sending limits as GetSendQuota reports them.</summary>
/// <param name="Max24HourSend">Recipients per rolling 24 hours; -1 is unlimited (as SES documents it), 0 stops sending.</param>
/// <param name="MaxSendRate">Recipients per second; always more than 0.</param>
public readonly record struct SendingLimits(double Max24HourSend, double MaxSendRate)
{
    /// <summary>The value SES uses for an unlimited <see cref="Max24HourSend"/>.</summary>
    public const double Unlimited = -1;

    public bool IsUnlimitedPerDay => Max24HourSend.Equals(Unlimited);

    /// <summary>What the rate's bucket holds when full: <see cref="MaxSendRate"/>, and at least one recipient, so that a rate below 1 a second still lets one through now and then.</summary>
    public double RateCapacity => Math.Max(1, MaxSendRate);

    /// <summary>Throws a <see cref="ValidationException"/> naming the bad value.</summary>
    public void Validate()
    {
        ValidateMax24HourSend(Max24HourSend);
        ValidateMaxSendRate(MaxSendRate);
    }

    public static void ValidateMax24HourSend(double value)
    {
        if (!(value.Equals(Unlimited) || (value >= 0 && double.IsFinite(value) && Math.Floor(value) == value)))
        {
            throw new ValidationException(string.Create(CultureInfo.InvariantCulture,
                $"Max24HourSend must be a whole number of recipients, 0 or more, or -1 for unlimited (was {value})."));
        }
    }

    public static void ValidateMaxSendRate(double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ValidationException(string.Create(CultureInfo.InvariantCulture,
                $"MaxSendRate must be more than 0 recipients per second (was {value})."));
        }
    }
}

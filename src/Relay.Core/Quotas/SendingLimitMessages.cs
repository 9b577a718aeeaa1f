namespace Relay.Core.Quotas;

/// <summary>SES's words for a refused send: the API's error message, and the SMTP reply text that carries it after 454.</summary>
public static class SendingLimitMessages
{
    public const string MaximumSendingRateExceeded = "Maximum sending rate exceeded.";

    public const string DailyMessageQuotaExceeded = "Daily message quota exceeded.";

    /// <summary>What SES's SMTP interface puts before the message (<c>454 Throttling failure: …</c>).</summary>
    public const string SmtpPrefix = "Throttling failure: ";

    /// <summary>The API's message for <paramref name="limit"/>.</summary>
    public static string For(SendingLimit limit) => limit switch
    {
        SendingLimit.MaxSendRate => MaximumSendingRateExceeded,
        SendingLimit.Max24HourSend => DailyMessageQuotaExceeded,
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, null),
    };
}

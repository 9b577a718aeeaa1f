namespace Relay.Core.Quotas;

/// <summary>Which of an account's sending limits refused a message.</summary>
public enum SendingLimit
{
    /// <summary>The per-second rate (SES's <c>MaxSendRate</c>).</summary>
    MaxSendRate,

    /// <summary>The rolling 24-hour quota (SES's <c>Max24HourSend</c>).</summary>
    Max24HourSend,
}

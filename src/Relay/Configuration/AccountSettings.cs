namespace Relay.Configuration;

/// <summary>An account declared in settings (<c>Relay:Accounts:N</c>).</summary>
public sealed class AccountSettings
{
    public string Name { get; set; } = string.Empty;

    public string SmtpUserName { get; set; } = string.Empty;

    /// <summary>The password in clear (prefer <see cref="SmtpPasswordFile"/> for mounted secrets).</summary>
    public string SmtpPassword { get; set; } = string.Empty;

    /// <summary>A file whose first line is the password.</summary>
    public string SmtpPasswordFile { get; set; } = string.Empty;

    public string ContactAddress { get; set; } = string.Empty;

    /// <summary>The account's own rolling 24-hour quota in recipients (-1 unlimited); unset keeps what the CLI set, else <c>Relay:Quotas</c>.</summary>
    public double? Max24HourSend { get; set; }

    /// <summary>The account's own rate in recipients per second; unset keeps what the CLI set, else <c>Relay:Quotas</c>.</summary>
    public double? MaxSendRate { get; set; }
}

namespace Relay.Smtp.Protocol;

/// <summary>When a wait for input must end, and the reply and log reason when it does.</summary>
internal readonly record struct SessionDeadline(DateTimeOffset At, SmtpReply Reply, string Reason)
{
    public SessionTerminatedException Expired() => new(Reply, Reason);
}

namespace Relay.Smtp.Protocol;

/// <summary>
/// Ends a session from wherever the reason is found (a timeout, shutdown, the peer closing), carrying the last
/// reply to send, if any.
/// </summary>
internal sealed class SessionTerminatedException : Exception
{
    public SessionTerminatedException()
    {
    }

    public SessionTerminatedException(string message)
        : base(message)
    {
    }

    public SessionTerminatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SessionTerminatedException(SmtpReply? finalReply, string message)
        : base(message)
    {
        FinalReply = finalReply;
    }

    /// <summary>The reply to send before closing, or null to close silently (the peer has gone).</summary>
    public SmtpReply? FinalReply { get; }
}

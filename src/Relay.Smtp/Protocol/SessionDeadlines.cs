namespace Relay.Smtp.Protocol;

/// <summary>
/// The clocks of one session that do not restart with each command: the whole session's budget, the handshake
/// (accept to first command line), and, for a session let into a reserved slot, the time it has to authenticate.
/// </summary>
internal sealed class SessionDeadlines
{
    private readonly DateTimeOffset _sessionEnds;
    private readonly DateTimeOffset _handshakeEnds;
    private DateTimeOffset? _authenticationDue;
    private bool _firstLineReceived;

    public SessionDeadlines(SmtpServerOptions options, DateTimeOffset startedAt, bool mustAuthenticate)
    {
        _sessionEnds = startedAt + options.MaxSessionDuration;
        _handshakeEnds = startedAt + options.HandshakeTimeout;
        _authenticationDue = mustAuthenticate ? _handshakeEnds : null;
    }

    public void FirstLineReceived() => _firstLineReceived = true;

    public void Authenticated() => _authenticationDue = null;

    /// <summary>Until when the next command line may take, given the per-command timeout, and what ends it.</summary>
    public SessionDeadline ForCommand(DateTimeOffset now, TimeSpan commandTimeout)
    {
        var deadline = new SessionDeadline(now + commandTimeout, SmtpReplies.Timeout, "command timeout");
        if (_sessionEnds < deadline.At)
        {
            deadline = new SessionDeadline(_sessionEnds, SmtpReplies.SessionTooLong, "session time limit");
        }

        if (!_firstLineReceived && _handshakeEnds < deadline.At)
        {
            deadline = new SessionDeadline(_handshakeEnds, SmtpReplies.Timeout, "handshake timeout");
        }

        if (_authenticationDue is { } due && due <= deadline.At)
        {
            deadline = new SessionDeadline(due, SmtpReplies.ReservedForAuthenticated, "reserved slot not authenticated in time");
        }

        return deadline;
    }

    /// <summary>How long a TLS handshake may take: the TLS timeout, or less while the handshake budget runs.</summary>
    public TimeSpan ForTlsHandshake(DateTimeOffset now, TimeSpan tlsHandshakeTimeout)
    {
        var limit = _firstLineReceived ? tlsHandshakeTimeout : TimeSpan.FromTicks(Math.Min(tlsHandshakeTimeout.Ticks, (_handshakeEnds - now).Ticks));
        return limit > TimeSpan.Zero ? limit : TimeSpan.FromTicks(1);
    }
}

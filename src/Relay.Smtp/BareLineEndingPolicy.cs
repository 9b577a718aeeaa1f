namespace Relay.Smtp;

/// <summary>
/// What the server does with a bare CR or bare LF (one not part of a CRLF pair) in commands and message content.
/// </summary>
public enum BareLineEndingPolicy
{
    /// <summary>
    /// Refuse: a command line ending in bare LF gets 500 5.5.2; message content with a bare CR or LF is read to
    /// the real CRLF.CRLF terminator and refused with 550 5.6.0. The safe default (SMTP smuggling).
    /// </summary>
    Reject,

    /// <summary>
    /// Treat a bare LF as CRLF (Postfix 3.9 <c>smtpd_forbid_bare_newline = normalize</c>): the handler receives the
    /// normalised bytes. Only CRLF.CRLF ends the data, and a bare CR is still refused.
    /// </summary>
    Normalize,
}

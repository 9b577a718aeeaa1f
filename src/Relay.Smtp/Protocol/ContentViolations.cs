namespace Relay.Smtp.Protocol;

/// <summary>Why received message content is refused; any of them stops buffering.</summary>
[Flags]
internal enum ContentViolations
{
    None = 0,

    /// <summary>A CR not followed by LF, or (under <see cref="BareLineEndingPolicy.Reject"/>) an LF not preceded by CR.</summary>
    BareLineEnding = 1,

    /// <summary>A line longer than <see cref="SmtpServerOptions.MaxTextLineLength"/> octets, CRLF included.</summary>
    LineTooLong = 2,

    /// <summary>More than <see cref="SmtpServerOptions.MaxMessageSize"/> octets of content.</summary>
    TooLarge = 4,

    /// <summary>
    /// A NUL octet (DATA and 7BIT/8BITMIME BDAT; a BINARYMIME body may hold any octet). A next hop that drops NUL
    /// would read <c>CRLF NUL "." CRLF</c> as the end of data and the rest as a second message.
    /// </summary>
    Nul = 8,
}

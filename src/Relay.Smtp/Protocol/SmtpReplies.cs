namespace Relay.Smtp.Protocol;

/// <summary>
/// The server's own replies. Each carries an RFC 3463 enhanced status code, except where RFC 2034 leaves it
/// out: the greeting, replies to EHLO and HELO, and the 3xx intermediate replies.
/// </summary>
internal static class SmtpReplies
{
    public static SmtpReply Greeting(string serverName) => new(220, string.Empty, $"{serverName} ESMTP ready");

    public static SmtpReply Helo(string serverName) => new(250, string.Empty, serverName);

    public static SmtpReply EhloSyntax { get; } = new(501, string.Empty, "Syntax: EHLO domain-or-address-literal");

    public static SmtpReply HeloSyntax { get; } = new(501, string.Empty, "Syntax: HELO domain");

    public static SmtpReply Bye { get; } = new(221, "2.0.0", "Bye");

    public static SmtpReply SenderOk { get; } = new(250, "2.1.0", "Sender OK");

    public static SmtpReply RecipientOk { get; } = new(250, "2.1.5", "Recipient OK");

    public static SmtpReply StartMailInput { get; } = new(354, string.Empty, "Start mail input; end with <CRLF>.<CRLF>");

    public static SmtpReply ReadyToStartTls { get; } = new(220, "2.0.0", "Ready to start TLS");

    public static SmtpReply AuthenticationSucceeded { get; } = new(235, "2.7.0", "Authentication successful");

    public static SmtpReply CannotVerify { get; } =
        new(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");

    public static SmtpReply Help { get; } =
        new(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH");

    public static SmtpReply ChunkReceived(long octets) => new(250, "2.0.0", $"{octets} octets received");

    public static SmtpReply CommandUnrecognized { get; } = new(500, "5.5.2", "Command unrecognized");

    public static SmtpReply LineTooLong { get; } = new(500, "5.5.2", "Line too long");

    public static SmtpReply BareLineEndingInCommand { get; } =
        new(500, "5.5.2", "Command lines must end with CRLF; bare CR or LF is not allowed");

    public static SmtpReply AuthenticationLineTooLong { get; } = new(500, "5.5.6", "Authentication exchange line is too long");

    public static SmtpReply MailSyntax { get; } = new(501, "5.5.2", "Syntax: MAIL FROM:<address> [parameters]");

    public static SmtpReply RcptSyntax { get; } = new(501, "5.5.2", "Syntax: RCPT TO:<address>");

    public static SmtpReply NoArguments { get; } = new(501, "5.5.4", "This command takes no arguments");

    public static SmtpReply ParameterSyntax { get; } = new(501, "5.5.4", "Syntax error in parameters");

    public static SmtpReply DuplicateParameter(string keyword) => new(501, "5.5.4", $"Duplicate parameter {keyword.ToUpperInvariant()}");

    public static SmtpReply VrfySyntax { get; } = new(501, "5.5.4", "Syntax: VRFY address");

    public static SmtpReply AuthSyntax { get; } = new(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");

    public static SmtpReply BdatSyntax { get; } = new(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]");

    public static SmtpReply AuthenticationCancelled { get; } = new(501, "5.0.0", "Authentication cancelled");

    public static SmtpReply CannotDecodeResponse { get; } = new(501, "5.5.2", "Cannot decode the authentication response");

    public static SmtpReply StartTlsNotAvailable { get; } = new(502, "5.5.1", "STARTTLS not available");

    public static SmtpReply BadSequence { get; } = new(503, "5.5.1", "Bad sequence of commands");

    public static SmtpReply SendHelloFirst { get; } = new(503, "5.5.1", "Send EHLO or HELO first");

    public static SmtpReply NeedMailFirst { get; } = new(503, "5.5.1", "Need MAIL before this command");

    public static SmtpReply NestedMail { get; } = new(503, "5.5.1", "Sender already specified");

    public static SmtpReply NotInTransaction { get; } = new(503, "5.5.1", "Not permitted during a mail transaction");

    public static SmtpReply OnlyBdatMayFollow { get; } = new(503, "5.5.1", "Only BDAT, RSET, NOOP or QUIT may follow a BDAT chunk");

    public static SmtpReply BinaryMimeNeedsBdat { get; } = new(503, "5.5.1", "BODY=BINARYMIME requires BDAT");

    public static SmtpReply AlreadyAuthenticated { get; } = new(503, "5.5.1", "Already authenticated");

    public static SmtpReply TlsAlreadyActive { get; } = new(503, "5.5.1", "TLS already active");

    public static SmtpReply UnknownMechanism { get; } = new(504, "5.5.4", "Unrecognized authentication mechanism");

    public static SmtpReply EncryptionRequired { get; } =
        new(538, "5.7.11", "Encryption required for requested authentication mechanism");

    public static SmtpReply AuthenticationFailed { get; } = new(535, "5.7.8", "Authentication credentials invalid");

    public static SmtpReply AuthenticationUnavailable { get; } = new(454, "4.7.0", "Temporary authentication failure");

    public static SmtpReply BadSenderSyntax { get; } = new(553, "5.1.7", "Bad sender address syntax");

    public static SmtpReply BadRecipientSyntax { get; } = new(553, "5.1.3", "Bad recipient address syntax");

    public static SmtpReply NonAsciiAddress { get; } = new(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");

    public static SmtpReply UnsupportedParameter(string keyword) =>
        new(555, "5.5.4", $"Unsupported parameter {keyword.ToUpperInvariant()}");

    public static SmtpReply MessageTooLarge(long maximum) =>
        new(552, "5.3.4", $"Message size exceeds fixed maximum message size of {maximum} octets");

    public static SmtpReply TooManyRecipients { get; } = new(452, "4.5.3", "Too many recipients");

    public static SmtpReply NoValidRecipients { get; } = new(554, "5.5.1", "No valid recipients");

    public static SmtpReply BareLineEndingInData { get; } =
        new(550, "5.6.0", "Message contains bare CR or LF; lines must end with CRLF");

    public static SmtpReply NulInData { get; } =
        new(550, "5.6.0", "Message contains a NUL octet, which is not allowed in mail content");

    public static SmtpReply TextLineTooLong(int maximum) =>
        new(550, "5.6.0", $"Message has a line longer than {maximum} octets including CRLF");

    public static SmtpReply Timeout { get; } = new(421, "4.4.2", "Timeout, closing connection");

    public static SmtpReply TooManyConnections { get; } = new(421, "4.7.0", "Too many connections, try again later");

    public static SmtpReply TooManyConnectionsFromAddress { get; } =
        new(421, "4.7.0", "Too many connections from your address, try again later");

    public static SmtpReply ConnectionRateFromAddress { get; } =
        new(421, "4.7.0", "Too many new connections from your address, slow down and try again later");

    public static SmtpReply ReservedForAuthenticated { get; } =
        new(421, "4.7.0", "Server busy: remaining capacity is reserved for authenticated clients, closing connection");

    public static SmtpReply TooManyAuthenticationFailures { get; } =
        new(421, "4.7.0", "Too many authentication failures, try again later");

    public static SmtpReply SessionTooLong { get; } = new(421, "4.4.2", "Session time limit reached, closing connection");

    public static SmtpReply TooManyBadCommands { get; } = new(421, "4.7.0", "Too many bad commands, closing connection");

    public static SmtpReply TooManyNonTransactionCommands { get; } =
        new(421, "4.7.0", "Too many commands outside a mail transaction, closing connection");

    public static SmtpReply ShuttingDown { get; } = new(421, "4.3.2", "Service shutting down");

    /// <summary>
    /// Protocol errors and refusals that count towards <see cref="SmtpServerOptions.MaxBadCommands"/>; a client
    /// that keeps being refused is probing, not sending.
    /// </summary>
    public static bool IsBadCommand(SmtpReply reply) =>
        reply.Code is 500 or 501 or 502 or 503 or 504 or 530 or 535 or 538 or 550 or 553 or 554 or 555;

    /// <summary>Commands that move no transaction forward; they count towards <see cref="SmtpServerOptions.MaxNonTransactionCommands"/>.</summary>
    public static bool IsNonTransactionCommand(SmtpVerb verb) =>
        verb is SmtpVerb.Noop or SmtpVerb.Rset or SmtpVerb.Vrfy or SmtpVerb.Help or SmtpVerb.Ehlo or SmtpVerb.Helo;
}

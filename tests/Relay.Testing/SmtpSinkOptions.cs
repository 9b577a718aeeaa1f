namespace Relay.Testing;

/// <summary>
/// What an <see cref="SmtpSink"/> advertises and how it answers. Replies are full reply lines such as
/// "550 5.1.1 User unknown"; several lines separated by '\n' become a multi-line reply.
/// </summary>
public sealed class SmtpSinkOptions
{
    /// <summary>Advertise 8BITMIME.</summary>
    public bool EightBitMime { get; init; } = true;

    /// <summary>Advertise SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; init; } = true;

    /// <summary>Advertise PIPELINING.</summary>
    public bool Pipelining { get; init; } = true;

    /// <summary>Advertise SIZE with this limit; null advertises no SIZE.</summary>
    public long? MaxSize { get; init; }

    /// <summary>Advertise STARTTLS (with a self-signed certificate) until the session is secure.</summary>
    public bool StartTls { get; init; }

    /// <summary>Speak TLS from the first byte (SMTPS).</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>When set with <see cref="Password"/>, AUTH PLAIN is advertised and required before MAIL.</summary>
    public string? UserName { get; init; }

    /// <summary>The password AUTH PLAIN accepts.</summary>
    public string? Password { get; init; }

    /// <summary>The greeting line.</summary>
    public string Greeting { get; init; } = "220 sink.test ESMTP SmtpSink";

    /// <summary>Accept connections but never send a greeting (for timeout tests).</summary>
    public bool NeverGreet { get; init; }

    /// <summary>Receive the message but never answer the final dot (for timeout tests).</summary>
    public bool NeverAnswerData { get; init; }

    /// <summary>Read QUIT but never answer it (for timeout tests).</summary>
    public bool NeverAnswerQuit { get; init; }

    /// <summary>Reply to MAIL FROM given the reverse-path; null means "250 2.1.0 Ok".</summary>
    public Func<string, string?>? MailReply { get; init; }

    /// <summary>Reply to RCPT TO given the address; null means "250 2.1.5 Ok".</summary>
    public Func<string, string?>? RcptReply { get; init; }

    /// <summary>Reply to the DATA command; null means "354 End data with &lt;CR&gt;&lt;LF&gt;.&lt;CR&gt;&lt;LF&gt;".</summary>
    public string? DataCommandReply { get; init; }

    /// <summary>Reply after the final dot; null means "250 2.0.0 Ok: queued as SINKn".</summary>
    public string? DataReply { get; init; }

    /// <summary>Close the connection (no 421) right after each message's reply, as a server whose idle timeout ran out.</summary>
    public bool CloseAfterEachMessage { get; init; }

    internal bool RequiresAuth => UserName is not null && Password is not null;
}

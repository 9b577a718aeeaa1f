namespace Relay.Smtp;

/// <summary>The SMTP envelope of one accepted transaction, kept apart from the message headers.</summary>
/// <param name="ReversePath">The MAIL FROM address without angle brackets, exactly as given; empty for the null sender <c>&lt;&gt;</c>.</param>
/// <param name="Recipients">The accepted RCPT TO addresses without angle brackets, exactly as given, in order.</param>
/// <param name="BodyType">The declared <c>BODY=</c> type.</param>
/// <param name="SmtpUtf8">True when MAIL FROM carried the <c>SMTPUTF8</c> parameter (RFC 6531).</param>
/// <param name="DeclaredSize">The <c>SIZE=</c> the client declared (RFC 1870), or null.</param>
public sealed record SmtpEnvelope(
    string ReversePath,
    IReadOnlyList<string> Recipients,
    SmtpBodyType BodyType,
    bool SmtpUtf8,
    long? DeclaredSize);

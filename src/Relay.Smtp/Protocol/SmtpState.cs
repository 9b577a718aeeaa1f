namespace Relay.Smtp.Protocol;

/// <summary>Where a session is in the RFC 5321 dialogue.</summary>
internal enum SmtpState
{
    /// <summary>Connected (or just secured with STARTTLS); EHLO or HELO must come first.</summary>
    NotGreeted,

    /// <summary>Greeted and outside a mail transaction.</summary>
    Greeted,

    /// <summary>MAIL FROM accepted, no recipient yet.</summary>
    MailGiven,

    /// <summary>At least one RCPT TO accepted.</summary>
    RecipientGiven,

    /// <summary>A BDAT chunk without LAST has been received; more chunks must follow.</summary>
    Chunking,
}

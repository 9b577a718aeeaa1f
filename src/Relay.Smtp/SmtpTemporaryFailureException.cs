namespace Relay.Smtp;

/// <summary>
/// A seam's way to say that it cannot answer for now, for a reason it can name (the store cannot be reached): the
/// session logs the reason in one line, without a stack trace, answers with its temporary reply (AUTH 454 4.7.0,
/// otherwise 451 4.3.0) and goes on.
/// </summary>
public sealed class SmtpTemporaryFailureException : Exception
{
    public SmtpTemporaryFailureException()
        : this("temporarily unavailable")
    {
    }

    public SmtpTemporaryFailureException(string reason)
        : base(reason)
    {
    }

    public SmtpTemporaryFailureException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}

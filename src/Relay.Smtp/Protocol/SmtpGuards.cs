namespace Relay.Smtp.Protocol;

/// <summary>The guards of the state table: each returns the refusal, or null to let the command run.</summary>
internal static class SmtpGuards
{
    public static SmtpReply? StartTlsAvailable(SessionFacts facts) =>
        facts.IsSecure ? SmtpReplies.TlsAlreadyActive
        : !facts.StartTlsOffered ? SmtpReplies.StartTlsNotAvailable
        : null;

    public static SmtpReply? AuthAvailable(SessionFacts facts) =>
        facts.IsAuthenticated ? SmtpReplies.AlreadyAuthenticated
        : !facts.AuthOffered ? SmtpReplies.EncryptionRequired
        : null;

    public static SmtpReply? NotBinaryMime(SessionFacts facts) =>
        facts.TransactionBodyType == SmtpBodyType.BinaryMime ? SmtpReplies.BinaryMimeNeedsBdat : null;
}

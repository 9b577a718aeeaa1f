namespace Relay.Smtp;

/// <summary>Decides whether a sender and each recipient are acceptable in the current session.</summary>
/// <remarks>
/// Return null to accept with the standard reply. A returned 2xx reply also accepts (and is sent as is);
/// a 4xx or 5xx reply refuses. An exception other than cancellation is logged and answered with 451 4.3.0.
/// </remarks>
public interface ISmtpTransactionPolicy
{
    /// <summary>Called for MAIL FROM once the command has parsed. <paramref name="reversePath"/> is empty for <c>&lt;&gt;</c>.</summary>
    ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionContext session, string reversePath, CancellationToken cancellationToken);

    /// <summary>Called for each RCPT TO once the command has parsed and the recipient limit allows it.</summary>
    ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionContext session, string forwardPath, CancellationToken cancellationToken);

    /// <summary>Called for DATA before the 354 reply (a refusal keeps the transaction); accepts unless overridden.</summary>
    ValueTask<SmtpReply?> CheckDataAsync(SmtpSessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult<SmtpReply?>(null);
}

namespace Relay.Smtp;

/// <summary>Accepts every sender and recipient. For tests, or behind another gate (authentication, a firewall).</summary>
public sealed class AcceptAllTransactionPolicy : ISmtpTransactionPolicy
{
    /// <inheritdoc />
    public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionContext session, string reversePath, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SmtpReply?>(null);

    /// <inheritdoc />
    public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionContext session, string forwardPath, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SmtpReply?>(null);
}

using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>No open relay: MAIL needs an authenticated session or a trusted network.</summary>
internal sealed class RelayTransactionPolicy(SessionAccounts accounts) : ISmtpTransactionPolicy
{
    public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionContext session, string reversePath, CancellationToken cancellationToken) =>
        ValueTask.FromResult(accounts.AccountFor(session) is null ? SmtpReply.AuthenticationRequired : null);

    public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionContext session, string forwardPath, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SmtpReply?>(null);
}

using Relay.Core.Storage;
using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>
/// No open relay: MAIL needs an authenticated session or a trusted network. And no new mail while the disk is
/// below its reserve (452 4.3.1, so the client keeps the message and tries later).
/// </summary>
internal sealed class RelayTransactionPolicy(SessionAccounts accounts, StorageReserve reserve) : ISmtpTransactionPolicy
{
    public ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionContext session, string reversePath, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            accounts.AccountFor(session) is null ? SmtpReply.AuthenticationRequired
            : !reserve.HasRoom() ? SmtpReply.InsufficientStorage
            : null);

    public ValueTask<SmtpReply?> CheckDataAsync(SmtpSessionContext session, CancellationToken cancellationToken) =>
        ValueTask.FromResult(reserve.HasRoom() ? null : SmtpReply.InsufficientStorage);

    public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionContext session, string forwardPath, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SmtpReply?>(null);
}

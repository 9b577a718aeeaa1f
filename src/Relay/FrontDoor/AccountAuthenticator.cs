using Microsoft.Extensions.Logging;
using Relay.Api.Authentication;
using Relay.Core.Accounts;
using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>Checks SMTP AUTH credentials against the account store; the principal is the account id.</summary>
/// <remarks>An access key id with the SMTP password SES derives from its secret is accepted too.</remarks>
internal sealed partial class AccountAuthenticator(
    IAccountStore accounts, AccessKeySmtpAuthenticator accessKeys, ILogger<AccountAuthenticator> logger) : ISmtpAuthenticator
{
    public async ValueTask<string?> AuthenticateAsync(
        SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var account = await accounts.FindAccountBySmtpUserNameAsync(userName, cancellationToken);
        if (account is not null && SmtpPasswordHasher.Verify(password, account.SmtpPasswordHash))
        {
            return account.Id;
        }

        if (await accessKeys.AuthenticateAsync(userName, password, cancellationToken) is { } keyAccount)
        {
            return keyAccount;
        }

        LogFailed(logger, userName, session.RemoteEndPoint.Address.ToString());
        return null;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "AUTH failed for user {UserName} from {RemoteAddress}")]
    private static partial void LogFailed(ILogger logger, string userName, string remoteAddress);
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Relay.Api.Authentication;
using Relay.Core.Accounts;
using Relay.Core.Storage;
using Relay.Smtp;

namespace Relay.FrontDoor;

/// <summary>Checks SMTP AUTH credentials against the account store; the principal is the account id.</summary>
/// <remarks>
/// An access key id with the SMTP password SES derives from its secret is accepted too. A user name that is no
/// account still costs one PBKDF2 check against a dummy hash, so the time of a refusal does not tell whether the
/// user exists.
/// </remarks>
internal sealed partial class AccountAuthenticator : ISmtpAuthenticator
{
    private readonly IAccountStore _accounts;
    private readonly AccessKeySmtpAuthenticator _accessKeys;
    private readonly ISmtpPasswordVerifier _verifier;
    private readonly ILogger<AccountAuthenticator> _logger;

    // A hash of a random password nobody knows, at the default cost, for user names that are no account.
    private readonly string _dummyHash = SmtpPasswordHasher.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    public AccountAuthenticator(
        IAccountStore accounts, AccessKeySmtpAuthenticator accessKeys, ISmtpPasswordVerifier verifier, ILogger<AccountAuthenticator> logger)
    {
        _accounts = accounts;
        _accessKeys = accessKeys;
        _verifier = verifier;
        _logger = logger;
    }

    public async ValueTask<string?> AuthenticateAsync(
        SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        try
        {
            return await CheckAsync(session, userName, password, cancellationToken);
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            throw new SmtpTemporaryFailureException($"{StoreUnavailable.Reason}: {StoreUnavailable.Describe(ex)}", ex);
        }
    }

    private async Task<string?> CheckAsync(SmtpSessionContext session, string userName, string password, CancellationToken cancellationToken)
    {
        var account = await _accounts.FindAccountBySmtpUserNameAsync(userName, cancellationToken);
        if (account is not null)
        {
            if (_verifier.Verify(password, account.SmtpPasswordHash))
            {
                return account.Id;
            }
        }
        else if (await _accessKeys.AuthenticateAsync(userName, password, cancellationToken) is { } keyAccount)
        {
            return keyAccount;
        }
        else
        {
            _verifier.Verify(password, _dummyHash);
        }

        LogFailed(_logger, Fingerprint(userName), session.RemoteEndPoint.Address.ToString());
        return null;
    }

    // The user field may hold a mistyped password: log only enough to tell attempts apart.
    private static string Fingerprint(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userName)).AsSpan(0, 4));

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "AUTH failed for user sha256:{UserNameHash} from {RemoteAddress}")]
    private static partial void LogFailed(ILogger logger, string userNameHash, string remoteAddress);
}

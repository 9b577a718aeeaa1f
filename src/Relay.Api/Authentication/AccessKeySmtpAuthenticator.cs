using System.Security.Cryptography;
using System.Text;
using Relay.Core.Accounts;

namespace Relay.Api.Authentication;

/// <summary>
/// SMTP AUTH with SES-style credentials: the user name is an access key id, the password the version-4 SMTP
/// password SES derives from its secret for the configured region. One credential serves the API and SMTP.
/// </summary>
public sealed class AccessKeySmtpAuthenticator(IAccessKeyStore keys, SesApiOptions options)
{
    /// <returns>The account id, or null when the user name is no active key or the password does not match.</returns>
    public async Task<string?> AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (!userName.StartsWith(AccessKeyGenerator.IdPrefix, StringComparison.Ordinal)
            || await keys.FindAsync(userName, cancellationToken) is not { IsActive: true } key)
        {
            return null;
        }

        var expected = Encoding.UTF8.GetBytes(SesSmtpPassword.Derive(key.Secret, options.Region));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(password)) ? key.AccountId : null;
    }
}

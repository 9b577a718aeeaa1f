using System.Globalization;
using System.Net;

namespace Relay.Configuration;

/// <summary>
/// The operator's web console (<c>Relay:Console</c>): off unless <see cref="Listen"/> is set, and then on loopback
/// unless an address is given.
/// </summary>
public sealed class ConsoleSettings
{
    /// <summary>Empty: no console. A port alone (<c>8026</c>) listens on 127.0.0.1; <c>address:port</c> where the operator says.</summary>
    public string Listen { get; set; } = string.Empty;

    /// <summary>Serve the console over HTTPS with the <c>Relay:Tls</c> certificate; the session cookie is then Secure.</summary>
    public bool Https { get; set; }

    /// <summary>Who may sign in.</summary>
    public List<ConsoleUserSettings> Users { get; set; } = [];

    /// <summary>A session unused this long is gone: the next request goes to the sign-in page.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed sign-ins per user name, and per client address, within <see cref="SignInFailureWindow"/>; past it sign-in is refused unchecked.</summary>
    public int MaxSignInFailures { get; set; } = 5;

    /// <summary>The sliding window of <see cref="MaxSignInFailures"/>.</summary>
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The queue and outcomes pages.</summary>
    public ConsoleMailSettings Mail { get; set; } = new();

    /// <summary>Where to listen, or null when the console is off; throws <see cref="SettingsException"/> naming the bad setting.</summary>
    public IPEndPoint? Validate()
    {
        if (string.IsNullOrWhiteSpace(Listen))
        {
            return null;
        }

        var endPoint = ParseListen(Listen.Trim());
        if (SessionIdleTimeout <= TimeSpan.Zero)
        {
            throw new SettingsException($"Relay:Console:SessionIdleTimeout must be positive (was {SessionIdleTimeout}).");
        }

        if (MaxSignInFailures < 1)
        {
            throw new SettingsException($"Relay:Console:MaxSignInFailures must be at least 1 (was {MaxSignInFailures}).");
        }

        if (SignInFailureWindow <= TimeSpan.Zero)
        {
            throw new SettingsException($"Relay:Console:SignInFailureWindow must be positive (was {SignInFailureWindow}).");
        }

        ValidateUsers();
        Mail.Validate();
        return endPoint;
    }

    private static IPEndPoint ParseListen(string text)
    {
        // A bare port means loopback: the console is reachable from elsewhere only when the operator names an address.
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return text.Contains(':', StringComparison.Ordinal) && IPEndPoint.TryParse(text, out var endPoint)
            ? endPoint
            : throw new SettingsException($"Relay:Console:Listen '{text}' is not a port (on loopback) or an address:port such as 127.0.0.1:8026.");
    }

    private void ValidateUsers()
    {
        if (Users.Count == 0)
        {
            throw new SettingsException(
                "Relay:Console:Users is empty, so nobody could sign in to the console: add a Name and the PasswordHash 'relay console hash-password' prints.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < Users.Count; index++)
        {
            var user = Users[index];
            var path = $"Relay:Console:Users:{index}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                throw new SettingsException($"{path}:Name must be set.");
            }

            if (!names.Add(user.Name))
            {
                throw new SettingsException($"{path}:Name '{user.Name}' is given twice.");
            }

            if (!Core.Accounts.SmtpPasswordHasher.IsHash(user.PasswordHash))
            {
                throw new SettingsException(
                    $"{path}:PasswordHash is not a hash made by 'relay console hash-password' (pbkdf2-sha256$iterations$salt$hash).");
            }

            ValidateRole(user, path);
        }
    }

    private static void ValidateRole(ConsoleUserSettings user, string path)
    {
        var hasAccount = !string.IsNullOrWhiteSpace(user.Account);
        if (!string.IsNullOrWhiteSpace(user.Role) && user.GivenRole is null)
        {
            throw new SettingsException($"{path}:Role '{user.Role}' is not Operator (every account) or Tenant (the one account in {path}:Account).");
        }

        if (user.GivenRole == ConsoleUserRole.Tenant && !hasAccount)
        {
            throw new SettingsException($"{path}:Account must name the tenant's account id: {path}:Role is Tenant.");
        }

        if (user.GivenRole == ConsoleUserRole.Operator && hasAccount)
        {
            throw new SettingsException(
                $"{path}:Account is '{user.Account}' but {path}:Role is Operator, who sees every account: remove the Account or make the Role Tenant.");
        }
    }
}

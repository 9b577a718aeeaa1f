using System.Globalization;
using Relay.Configuration;
using Relay.Core.Accounts;

namespace Relay.WebConsole;

/// <summary>
/// Checks a console sign-in against <c>Relay:Console:Users</c>. An unknown name costs the same PBKDF2 check (against
/// a hash of nothing anyone knows) as a known one, so the answer's timing does not say which names exist; at most
/// <see cref="MaxConcurrentChecks"/> checks run at once, so a burst of sign-ins cannot take every core.
/// </summary>
internal sealed class ConsoleUsers : IDisposable
{
    public const int MaxConcurrentChecks = 2;

    /// <summary>The least cost <see cref="SmtpPasswordHasher.Hash"/> accepts.</summary>
    private const int MinimumIterations = 1_000;

    private readonly IReadOnlyList<ConsoleUserSettings> _users;
    private readonly string _unknownUserHash;
    private readonly SemaphoreSlim _checks = new(MaxConcurrentChecks, MaxConcurrentChecks);

    public ConsoleUsers(ConsoleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _users = settings.Users;
        // The dummy costs what the users' hashes cost, so that an unknown name takes as long as a known one.
        var iterations = settings.Users
            .Select(user => user.PasswordHash.Split('$'))
            .Select(parts => parts.Length == 4 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cost) ? cost : 0)
            .DefaultIfEmpty(0)
            .Max();
        _unknownUserHash = SmtpPasswordHasher.Hash(RandomTokens.New(), Math.Max(iterations, MinimumIterations));
    }

    /// <summary>
    /// The name as the log may show it: a configured user's name, else a placeholder, because what is typed into the
    /// name field is sometimes the password.
    /// </summary>
    public string ForLog(string name) =>
        _users.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase))?.Name ?? "(not a console user)";

    /// <summary>The user as configured when the password is right; null otherwise.</summary>
    public async Task<ConsoleUserSettings?> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(password);
        var user = _users.FirstOrDefault(candidate => string.Equals(candidate.Name, name, StringComparison.OrdinalIgnoreCase));
        await _checks.WaitAsync(cancellationToken);
        try
        {
            var right = SmtpPasswordHasher.Verify(password, user?.PasswordHash ?? _unknownUserHash);
            return right ? user : null;
        }
        finally
        {
            _checks.Release();
        }
    }

    public void Dispose() => _checks.Dispose();
}

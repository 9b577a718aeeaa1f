namespace Relay.Configuration;

/// <summary>
/// Someone who may sign in to the web console (<c>Relay:Console:Users:N</c>): an operator, who sees and changes every
/// account's identities, or a tenant bound to one account (<see cref="Account"/>), who sees and changes only that
/// account's.
/// </summary>
public sealed class ConsoleUserSettings
{
    /// <summary>The name typed at sign-in; compared without regard to case.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The password's hash as <c>relay console hash-password</c> prints it (PBKDF2-SHA256, as SMTP passwords); never the password.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>
    /// Operator or Tenant (any case); when empty, a user with an <see cref="Account"/> is a tenant and one without is an
    /// operator. Text rather than an enum so that a wrong value is reported with the user's index in the list.
    /// </summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>The id of the account a tenant is bound to (the name it was first added with by <c>relay account add</c>); empty for an operator.</summary>
    public string Account { get; set; } = string.Empty;

    /// <summary>The role in force: the one given, else Tenant with an account and Operator without.</summary>
    public ConsoleUserRole EffectiveRole => GivenRole ?? (string.IsNullOrWhiteSpace(Account) ? ConsoleUserRole.Operator : ConsoleUserRole.Tenant);

    /// <summary>The role given in <see cref="Role"/>, or null when it is empty or not a role (start-up refuses the latter).</summary>
    internal ConsoleUserRole? GivenRole =>
        Enum.TryParse<ConsoleUserRole>(Role.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(Role, out _) ? role : null;
}

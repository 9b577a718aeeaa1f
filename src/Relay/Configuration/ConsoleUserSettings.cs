namespace Relay.Configuration;

/// <summary>
/// An operator who may sign in to the web console (<c>Relay:Console:Users:N</c>). Every user is an administrator in
/// this version: they see every account's identities.
/// </summary>
public sealed class ConsoleUserSettings
{
    /// <summary>The name typed at sign-in; compared without regard to case.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The password's hash as <c>relay console hash-password</c> prints it (PBKDF2-SHA256, as SMTP passwords); never the password.</summary>
    public string PasswordHash { get; set; } = string.Empty;
}

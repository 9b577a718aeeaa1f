namespace Relay.Configuration;

/// <summary>What a console user may see and change.</summary>
public enum ConsoleUserRole
{
    /// <summary>Every account's identities.</summary>
    Operator,

    /// <summary>The identities of the one account in <see cref="ConsoleUserSettings.Account"/>.</summary>
    Tenant,
}

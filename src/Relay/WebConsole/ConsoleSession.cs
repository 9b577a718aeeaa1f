namespace Relay.WebConsole;

/// <summary>
/// A signed-in console user: who, the token every form of theirs must send back, and for a tenant the one account they
/// may see (null: an operator, who sees every account).
/// </summary>
internal sealed record ConsoleSession(string UserName, string CsrfToken, string? TenantAccountId = null)
{
    /// <summary>True for an operator, who sees and changes every account.</summary>
    public bool IsOperator => TenantAccountId is null;

    /// <summary>The message the page after a form post shows once (post, redirect, get).</summary>
    public ConsoleFlash Flash { get; } = new();
}

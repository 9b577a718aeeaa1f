namespace Relay.WebConsole;

/// <summary>A signed-in operator: who, and the token every form of theirs must send back.</summary>
internal sealed record ConsoleSession(string UserName, string CsrfToken);

namespace Relay.WebConsole.Mail;

/// <summary>
/// Who may see the operator's pages (the queue, every account's outcomes, accounts and access keys). Today every
/// configured console user is an operator; when users bound to one account arrive, <see cref="IsOperator"/> is
/// where they are told apart, and the navigation and every operator page follow it.
/// </summary>
internal static class ConsoleAccess
{
    public static bool IsOperator(ConsoleSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return true;
    }
}

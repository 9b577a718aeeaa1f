namespace Relay.WebConsole.Mail;

/// <summary>The navigation links to the queue, outcomes and accounts, for operators only.</summary>
internal static class ConsoleMailNavigation
{
    public static string Links(ConsoleSession session) => session.IsOperator
        ? $"""<a href="{ConsoleMailRoutes.Queue}">Queue</a> <a href="{ConsoleMailRoutes.Outcomes}">Outcomes</a> <a href="{ConsoleMailRoutes.Accounts}">Accounts</a>"""
        : string.Empty;
}

using Microsoft.AspNetCore.Http;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>The one-message pages the operator's handlers answer with (a bad id, an unknown account) and how they quote what was typed.</summary>
internal static class ConsoleMailPages
{
    public static Task MessageAsync(HttpContext context, ConsoleSession session, int status, string title, string message) =>
        ConsoleHttp.HtmlAsync(context, status, ConsoleLayout.Render(title,
            $"""<p>{Html.Encode(message)}</p><p><a href="{ConsoleMailRoutes.Queue}">Queue</a> · <a href="{ConsoleMailRoutes.Accounts}">Accounts</a></p>""", session));

    /// <summary>What the user typed, cut to 80 characters, for a message about it.</summary>
    public static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

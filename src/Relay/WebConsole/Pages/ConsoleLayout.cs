namespace Relay.WebConsole.Pages;

/// <summary>
/// The frame of every page: language, title, one stylesheet, the navigation and the sign-out form when signed in, and
/// one <c>h1</c>. No scripts: every page reads the same without JavaScript.
/// </summary>
internal static class ConsoleLayout
{
    public static string Render(string title, string body, ConsoleSession? session)
    {
        var header = session is null
            ? string.Empty
            : $"""
              <nav aria-label="Console"><a href="{ConsoleRoutes.Identities}">Identities</a> {Mail.ConsoleMailNavigation.Links(session)}</nav>
              <form method="post" action="{ConsoleRoutes.SignOut}" class="sign-out">{Html.CsrfField(session.CsrfToken)}<button type="submit">Sign out {Html.Encode(session.UserName)}</button></form>
              """;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Html.Encode(title)} · Relay console</title><link rel="stylesheet" href="{ConsoleRoutes.Stylesheet}"></head>
            <body>
            <header><p class="brand">Relay console</p>{header}</header>
            <main>
            <h1>{Html.Encode(title)}</h1>
            {body}
            </main>
            </body>
            </html>

            """;
    }
}

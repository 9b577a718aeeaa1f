namespace Relay.WebConsole.Pages;

/// <summary>The sign-in form, with an error line when the last try failed.</summary>
internal static class SignInPage
{
    public static string Render(string csrfToken, string? error)
    {
        var message = error is null ? string.Empty : $"""<p class="error" role="alert">{Html.Encode(error)}</p>""";
        var body = $"""
            {message}
            <form method="post" action="{ConsoleRoutes.SignIn}">
            {Html.CsrfField(csrfToken)}
            <label for="name">Name</label>
            <input id="name" name="{ConsoleForms.NameField}" type="text" autocomplete="username" required autofocus>
            <label for="password">Password</label>
            <input id="password" name="{ConsoleForms.PasswordField}" type="password" autocomplete="current-password" required>
            <div><button type="submit">Sign in</button></div>
            </form>
            """;
        return ConsoleLayout.Render("Sign in", body, session: null);
    }
}
